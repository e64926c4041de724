#!/usr/bin/env python3
"""Rebuilds float weights (the file train.py's --init reads) from a shipped punctuation model folder (model.onnx with
int8 weights), for continuing training when the PyTorch checkpoint is gone.

How (as training/asr/from_onnx.py): a model of the same shape gets distinct values in every float tensor and is
exported by export.py's path without compression; each initializer of that graph is matched by value to the tensor it
came from (as is, or transposed: the exporter stores Linear weights as MatMul inputs). The shipped graph's initializer
of the same name, int8 weights dequantised, gives the value.

Usage: python3 -m training.punct.from_onnx --folder models/house-punct-en-s1 --out weights.pt [--layers 6 --d 256]
"""
import argparse
import os
import tempfile

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from training.asr.export import export_onnx
from training.common.onnx_weights import shipped_values
from training.punct.export import _Batch1
from training.punct.model import Punctuator


def rebuild(folder, layers, d):
    model = Punctuator(layers=layers, d=d, ff=4 * d)
    state = model.state_dict()
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():                       # distinct values: every tensor identifiable in the exported graph
        for v in state.values():
            v.copy_(torch.rand(v.shape, generator=g) + 1.0)
    model.load_state_dict(state)
    model.eval()
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "fresh.onnx")
        export_onnx(_Batch1(model), (torch.tensor([[101, 7592, 2129, 102]]),), raw, ["ids"], ["punct", "case"],
                    {"ids": {1: "t"}, "punct": {1: "t"}, "case": {1: "t"}})
        fresh = {i.name: numpy_helper.to_array(i) for i in onnx.load(raw).graph.initializer}
    shipped = shipped_values(os.path.join(folder, "model.onnx"))
    out = {}
    for name, v in state.items():
        a = v.numpy()
        for gname, f in fresh.items():
            if f.shape == a.shape and np.array_equal(f, a):
                out[name] = torch.from_numpy(shipped[gname].copy())
                break
            if a.ndim == 2 and f.shape == a.T.shape and np.array_equal(f, a.T):
                out[name] = torch.from_numpy(shipped[gname].T.copy())
                break
        else:
            raise SystemExit(f"{name}: not found in the exported graph")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--d", type=int, default=256)
    a = ap.parse_args()
    w = rebuild(a.folder, a.layers, a.d)
    torch.save({k: v.half() for k, v in w.items()}, a.out)
    print(f"{a.out}: {len(w)} tensors, {sum(v.numel() for v in w.values())} values")


if __name__ == "__main__":
    main()
