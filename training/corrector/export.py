#!/usr/bin/env python3
"""Exports house-corrector weights (train.py's weights.pt, fp32 or fp16) to a model folder in Optimum's layout.

  OUT/model.onnx (int8 weights, see training/asr/compress.py), config.json ("sws_prompt": "nbest-v1"),
  generation_config.json, tokenizer.json, tokenizer_config.json, golden.json (tokenizer ids the Java side must
  reproduce), then manifest.json via training/common/write_manifest.py --base BASE.

Usage: python3 -m training.corrector.export --weights weights16.pt --out models/house-corrector-en-s1 [--base manifest-base.json] \
                 [--ngram ngram.arpa.gz]   (build_ngram.py's LM, attached for n-best rescoring)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.corrector import prompt
from training.corrector.bpe import Tokenizer
from training.corrector.lm import DecoderLm, LmConfig, export_onnx, write_configs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "tokenizer", "tokenizer.json"))
    ap.add_argument("--base")
    ap.add_argument("--ngram", help="ARPA LM from build_ngram.py to ship for n-best rescoring")
    a = ap.parse_args()
    w = torch.load(a.weights, map_location="cpu")
    cfg = LmConfig(**{k: v for k, v in w["config"].items() if k in LmConfig.__dataclass_fields__})
    lm = DecoderLm(cfg)
    lm.load_state_dict({k: v.float() for k, v in w["model"].items()})
    tok = Tokenizer.load(a.tokenizer)
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        export_onnx(lm, os.path.join(tmp, "model.onnx"))
        subprocess.run([sys.executable, os.path.join(HERE, "..", "asr", "compress.py"), os.path.join(tmp, "model.onnx"),
                        os.path.join(a.out, "model.onnx")], check=True)
    eos = tok.specials["<|endoftext|>"]
    write_configs(cfg, a.out, eos_id=eos, extra={"sws_prompt": "nbest-v1", "sws_steps": w.get("step")})
    tok.save(os.path.join(a.out, "tokenizer.json"))
    json.dump({"eos_token": "<|endoftext|>", "model_max_length": cfg.max_position_embeddings,
               "tokenizer_class": "PreTrainedTokenizerFast"}, open(os.path.join(a.out, "tokenizer_config.json"), "w"),
              indent=2)
    cases = [prompt.render("press one", [("call forward on busy", -0.6), ("call forward unbusy", -2.0)]),
             " it's nine o'clock", " followed by the pound key"]
    json.dump({"tokenizer": [{"text": t, "ids": tok.encode(t)} for t in cases]},
              open(os.path.join(a.out, "golden.json"), "w"), indent=1)
    if a.ngram:
        from training.corrector import build_ngram
        build_ngram.attach(a.out, a.ngram)
    cmd = [sys.executable, os.path.join(HERE, "..", "common", "write_manifest.py"), a.out]
    if a.base:
        cmd += ["--base", a.base]
    subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
