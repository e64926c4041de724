#!/usr/bin/env python3
"""Exports the punctuation-and-casing model to ONNX for dev.sws.asr.punct.Punctuator: input ids (1, T) int64,
outputs punct (1, T, 4) and case (1, T, 3) logits; weights int8 (training/asr/compress.py, embedding table included).
With onnxruntime present, checks the file against PyTorch and scores the held-out test windows through it.

Usage: python3 -m training.punct.export --run DIR --data DIR --out MODEL_DIR
"""
import argparse
import json
import os
import shutil

import numpy as np
import onnx
import torch

from training.asr.compress import compress
from training.asr.export import export_onnx
from training.punct.infer import evaluate
from training.punct.model import Punctuator


class _Batch1(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, ids):
        return self.m(ids)


class _Ort:
    """predict()'s view of an ONNX Runtime session (one window at a time, as the Java side runs it)."""
    def __init__(self, path):
        import onnxruntime as ort
        self.s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])

    def __call__(self, ids, pad):
        ps, cs = [], []
        for row, m in zip(ids.numpy(), pad.numpy()):
            p, c = self.s.run(None, {"ids": row[~m][None].astype(np.int64)})
            t = len(row)
            ps.append(np.pad(p[0], ((0, t - p.shape[1]), (0, 0))))
            cs.append(np.pad(c[0], ((0, t - c.shape[1]), (0, 0))))
        return torch.from_numpy(np.stack(ps)), torch.from_numpy(np.stack(cs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--weights", help="also write the weights in float16 here (to continue training elsewhere)")
    a = ap.parse_args()
    cfg = json.load(open(os.path.join(a.run, "config.json")))
    model = Punctuator(layers=cfg["layers"], d=cfg["d"], ff=4 * cfg["d"])
    model.load_state_dict(torch.load(os.path.join(a.run, "best.pt"), map_location="cpu"))
    model.eval()
    os.makedirs(a.out, exist_ok=True)
    raw = os.path.join(a.out, "model.fp32.onnx")
    ids = torch.tensor([[101, 7592, 2129, 2024, 2017, 102]])
    export_onnx(_Batch1(model), (ids,), raw, ["ids"], ["punct", "case"],
            {"ids": {1: "t"}, "punct": {1: "t"}, "case": {1: "t"}})
    m = onnx.load(raw)
    n = compress(m)
    onnx.checker.check_model(m)
    out = os.path.join(a.out, "model.onnx")
    onnx.save(m, out)
    os.remove(raw)
    shutil.copy(os.path.join(a.data, "vocab.txt"), os.path.join(a.out, "vocab.txt"))
    shutil.copy(os.path.join(a.data, "golden.json"), os.path.join(a.out, "golden.json"))
    print(f"{out}: {os.path.getsize(out)} bytes, {n} weights int8")
    if a.weights:                           # half-size weights to continue training from (train.py --init)
        torch.save({k: v.half() for k, v in model.state_dict().items()}, a.weights)
    test = dict(np.load(os.path.join(a.data, "test.npz")))
    report = {"torch": evaluate(model, test, "cpu")}
    try:
        report["onnx_int8"] = evaluate(_Ort(out), test, "cpu")
    except ImportError:
        pass
    print(json.dumps(report))
    with open(os.path.join(a.run, "export.json"), "w") as f:
        json.dump(report, f)


if __name__ == "__main__":
    main()
