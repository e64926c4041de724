#!/usr/bin/env python3
"""Exports the house TTS models (weights.pt from train.py) to the workstation's flow-matching contract:

  OUT/tts.json, tokens.txt, velocity.onnx (x, cond, text, time -> v), vocoder.onnx (mel -> audio),
  speaker.onnx (mel (B,T,80) -> embedding (B,192), unit length)

Weights become int8 (weight-only, training/asr/compress.py); compute stays float. Also checks each ONNX graph
against PyTorch on a random input (max abs difference printed).

Usage: python3 -m training.tts.export --velocity V.pt [--vocoder C.pt] [--speaker S.pt] --out models/house-tts-en-s1
(a graph whose weights are not given stays as it is in OUT)
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.tts.tts_model import (CHARS, HOP, MEL_MEAN, MEL_STD, N_FFT, N_MELS, SR, SpeakerConfig, SpeakerEncoder, Velocity,
                       VelocityConfig, Vocoder, VocoderConfig, lexicon, symbols)
from training.asr.compress import compress


def load(path, cls, cfg_cls):
    w = torch.load(path, map_location="cpu")
    m = cls(cfg_cls(**w["config"]))
    missing, unexpected = m.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in w["model"].items()},
                                            strict=False)
    assert not unexpected and all(k.startswith("istft.") for k in missing), (missing, unexpected)
    return m.eval(), w.get("step")


def graph_spec(kind, vocab=len(CHARS) + 1):
    """Example inputs, input/output names and dynamic axes of each graph (from_onnx.py re-exports with the same)."""
    if kind == "velocity":
        b, t = 2, 50
        x, cond = torch.randn(b, t, N_MELS), torch.randn(b, t, N_MELS)
        text = torch.randint(0, vocab, (b, t))
        time = torch.tensor([0.3, 0.3])
        return ((x, cond, text, time), ["x", "cond", "text", "time"], ["v"],
                {"x": {0: "batch", 1: "frames"}, "cond": {0: "batch", 1: "frames"}, "text": {0: "batch", 1: "frames"},
                 "time": {0: "batch"}, "v": {0: "batch", 1: "frames"}})
    mel = torch.randn(1, 40, N_MELS) - 5
    out = {"vocoder": ("audio", "samples"), "speaker": ("embedding", None)}[kind]
    return ((mel,), ["mel"], [out[0]],
            {"mel": {0: "batch", 1: "frames"}, out[0]: {0: "batch", 1: out[1]} if out[1] else {0: "batch"}})


def export(model, kind, path, int8=True):
    args, names, outs, dynamic = graph_spec(kind, model.cfg.vocab) if kind == "velocity" else graph_spec(kind)
    with torch.no_grad():
        torch.onnx.export(model, args, path, input_names=names, output_names=outs, opset_version=17, dynamic_axes=dynamic)
    m = onnx.load(path)
    if hasattr(model, "cfg"):   # the velocity model's config travels in its graph: from_onnx.py rebuilds from it
        onnx.helper.set_model_props(m, {"config": json.dumps(model.cfg.to_json(), sort_keys=True)})
    if int8:
        compress(m)
    onnx.save(m, path)
    onnx.checker.check_model(path)
    return args


def write_lexicon(path):
    """The lexicon the model was trained with, as the Java tokenizer reads it: "word PH PH ..." sorted, gzip without a
    time stamp (the same bytes for the same lexicon)."""
    lex = lexicon()
    data = "".join(w + " " + " ".join(lex[w]) + "\n" for w in sorted(lex)).encode("utf-8")
    with open(path + ".tmp", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    os.replace(path + ".tmp", path)
    print(f"{path}: {len(lex)} words")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity", required=True)
    ap.add_argument("--vocoder", help="omit to keep OUT's vocoder.onnx")
    ap.add_argument("--speaker", help="omit to keep OUT's speaker.onnx")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(0)
    vel, vstep = load(a.velocity, Velocity, VelocityConfig)
    x, cond, text, time = export(vel, "velocity", os.path.join(a.out, "velocity.onnx"))
    steps = {"velocity_params": sum(p.numel() for p in vel.parameters()), "velocity_step": vstep}
    for kind, path, cls, cfg in (("vocoder", a.vocoder, Vocoder, VocoderConfig),
                                 ("speaker", a.speaker, SpeakerEncoder, SpeakerConfig)):
        if path:
            m, step = load(path, cls, cfg)
            export(m, kind, os.path.join(a.out, kind + ".onnx"))
            steps.update({kind + "_params": sum(p.numel() for p in m.parameters()), kind + "_step": step})
        elif not os.path.exists(os.path.join(a.out, kind + ".onnx")):
            sys.exit(f"--{kind} is needed: {a.out} has no {kind}.onnx to keep")
    units = vel.cfg.text_units
    with open(os.path.join(a.out, "tokens.txt"), "w") as f:
        for i, c in enumerate(symbols(units)):
            f.write(("<space>" if c == " " else c) + f" {i}\n")
    text_cfg = {}
    if units == "phonemes":
        write_lexicon(os.path.join(a.out, "lexicon.txt.gz"))
        text_cfg = {"text_units": "phonemes", "lexicon": "lexicon.txt.gz"}
    elif os.path.exists(os.path.join(a.out, "lexicon.txt.gz")):
        os.remove(os.path.join(a.out, "lexicon.txt.gz"))
    json.dump({"sample_rate": SR, "hop": HOP, "n_mels": N_MELS, "n_fft": N_FFT, "win_length": N_FFT, "f_min": 0,
               "f_max": SR // 2, "mel_scale": "slaney", "log": "natural", "magnitude": True, "text_layout": "uniform", **text_cfg,
               "mel_norm": {"mean": MEL_MEAN, "std": MEL_STD}, "speaker_encoder": "speaker.onnx",
               "defaults": {"nfe": 16, "sway": -1.0, "cfg": 2.0, "speed": 1.0}},
              open(os.path.join(a.out, "tts.json"), "w"), indent=2)
    try:
        import onnxruntime as ort
        s = ort.InferenceSession(os.path.join(a.out, "velocity.onnx"))
        v = s.run(None, {"x": x.numpy(), "cond": cond.numpy(), "text": text.numpy(), "time": time.numpy()})[0]
        print("velocity max diff", float(np.abs(v - vel(x, cond, text, time).detach().numpy()).max()))
    except ImportError:
        print("onnxruntime not installed here: the Java tests check the graphs")
    print(json.dumps(steps))


if __name__ == "__main__":
    main()
