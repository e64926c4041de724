#!/usr/bin/env python3
"""N-best lists for a manifest from the house ASR's PyTorch weights (beam 4, the search make_pairs.py and the Java
engine run), written as JSON lines {"ref", "nbest"}; prints the top-1 and the oracle WER of the lists.

Usage: python3 -m training.corrector.nbest_of_manifest MANIFEST.tsv OUT.jsonl [--asr W.pt]
(W.pt: fp16 weights a device run brought back; default .device-data/cround/asr_weights.pt, the shipped ASR v4).
"""
import argparse
import json
import os

import numpy as np
import sentencepiece as spm
import soundfile as sf
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.asr.decode import edit_distance
from training.asr.features import LogMel
from training.corrector.make_pairs import beam_search
from training.asr.model import Config, HybridAsr


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("out")
    ap.add_argument("--asr", default=".device-data/cround/asr_weights.pt")
    a = ap.parse_args()
    sp = spm.SentencePieceProcessor(model_file=os.path.join(HERE, "..", "asr", "tokenizer", "bpe256.model"))
    w = torch.load(a.asr, map_location="cpu")
    m = HybridAsr(Config(**w["config"])).eval()
    m.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in w["model"].items()})
    mel = LogMel(m.cfg.feat_in)
    base = os.path.dirname(a.manifest)
    with open(a.manifest) as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    e_top = e_oracle = n = 0
    with open(a.out, "w") as out:
        for path, ref in rows:
            x, sr = sf.read(os.path.join(base, path), dtype="float32", always_2d=True)
            assert sr == 16000, f"{path}: {sr} Hz (16 kHz expected)"
            x = torch.from_numpy(np.ascontiguousarray(x.mean(1)))
            padded = torch.zeros(1, len(x) + 4800)
            padded[0, 1600:1600 + len(x)] = x
            feats, flen = mel(padded, torch.tensor([padded.shape[1]]))
            enc, elen = m.encoder(feats, flen, 8)
            nb = [[sp.decode(t), round(lp, 3)] for t, lp in beam_search(m, enc, elen.tolist())[0] if t]
            r = ref.split()
            n += len(r)
            e_top += edit_distance(r, nb[0][0].split())
            e_oracle += min(edit_distance(r, h.split()) for h, _ in nb)
            out.write(json.dumps({"ref": ref, "nbest": nb}) + "\n")
    print(f"top-1 WER {100 * e_top / n:.2f} %, oracle of the n-best {100 * e_oracle / n:.2f} %, {n} words")


if __name__ == "__main__":
    main()
