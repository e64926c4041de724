#!/usr/bin/env python3
"""Rebuilds a weights.pt (the format train.py's --init reads) from a shipped house ASR folder (encoder.onnx,
decoder.onnx, joiner.onnx with int8 weights), for continuing training when the PyTorch checkpoint is gone.

How (as training/tts/from_onnx.py): a model of the given config gets distinct values in every float tensor, is exported
with export.py, and each initializer of the fresh graphs is matched by value to the tensor it came from — as is,
transposed (MatMul weights), as a slice (the exporter splits the fused q/k/v projection), or with the LSTM's gates
reordered (ONNX i,o,f,c; PyTorch i,f,g,o; the two biases concatenated). The shipped graph's initializer of the same name, int8 weights dequantised, gives the value. The CTC
head is not in the transducer graphs: it keeps a fresh initialisation (reported), and train.py's hybrid loss retrains it.

Check: re-exported (export.py --chunk 8) and compressed (compress.py), the rebuilt weights give the shipped three graphs
byte for byte (the int8 rounding is idempotent; checked on rounds 4 and 5).

Usage: python3 -m training.asr.from_onnx --folder models/house-asr-fc-en-s4 --out asr_weights.pt [--config JSON]
       (default config: the one in training/asr/runs/house-asr-fc-en-s4.05.train.log.jsonl)
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
from training.common.onnx_weights import shipped_values
from training.asr.export import export
from training.asr.model import Config, HybridAsr

GRAPHS = ("encoder", "decoder", "joiner")
SHIPPED_LOG = os.path.join(HERE, "runs", "house-asr-fc-en-s4.05.train.log.jsonl")   # the shipped round


def logged_config(path):
    for line in open(path):
        e = json.loads(line)
        if e.get("event") == "start":
            return e["config"]
    sys.exit(f"no start event with a config in {path}")


def lstm_forms(arr, hidden):
    """PyTorch-layout candidates of an ONNX LSTM initializer: W/R (1, 4H, X) -> (4H, X); B (1, 8H) -> two (4H,)."""
    def reorder(a):   # ONNX gate blocks i, o, f, c -> PyTorch i, f, g(c), o
        b = np.split(a, 4, axis=0)
        return np.concatenate([b[0], b[2], b[3], b[1]], axis=0)
    if arr.ndim == 3 and arr.shape[0] == 1 and arr.shape[1] == 4 * hidden:
        return [("lstm", reorder(arr[0]), lambda v: reorder(v[0]))]
    if arr.ndim == 2 and arr.shape[0] == 1 and arr.shape[1] == 8 * hidden:
        return [("lstm-bias-ih", reorder(arr[0, :4 * hidden]), lambda v: reorder(v[0, :4 * hidden])),
                ("lstm-bias-hh", reorder(arr[0, 4 * hidden:]), lambda v: reorder(v[0, 4 * hidden:]))]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", help="model config (JSON); default: the shipped round's training log")
    a = ap.parse_args()
    cfg = Config(**(json.loads(a.config) if a.config else logged_config(SHIPPED_LOG)))
    torch.manual_seed(0)
    model = HybridAsr(cfg).eval()
    default = {k: v.clone() for k, v in model.state_dict().items()}   # for what the graphs do not hold
    tensors = {k: v for k, v in model.state_dict().items() if v.is_floating_point()}
    with torch.no_grad():   # distinct values, so each exported initializer names its tensor unambiguously
        for i, (k, v) in enumerate(tensors.items()):
            v.copy_(torch.randn(v.shape) + 10.0 * (i + 1))
    by_key = {(tuple(v.shape), round(float(v.flatten()[0]), 3)): k for k, v in tensors.items()}
    rebuilt, unmatched, parts = {}, [], {}
    with tempfile.TemporaryDirectory() as tmp:
        export(model, [f"p{i}" for i in range(cfg.vocab_size)], tmp, variants=("transducer",))
        for g in GRAPHS:
            fresh = {i.name: numpy_helper.to_array(i) for i in onnx.load(os.path.join(tmp, "transducer", g + ".onnx")).graph.initializer}
            shipped = shipped_values(os.path.join(a.folder, g + ".onnx"))
            for name, arr in fresh.items():
                if arr.dtype != np.float32 or arr.size < 2:
                    continue
                forms = [("same", arr, lambda v: v)]
                if arr.ndim == 2:
                    forms.append(("transposed", arr.T, lambda v: v.T))
                forms += lstm_forms(arr, cfg.pred_hidden)
                hit = False
                for form, cand, take in forms:
                    k = by_key.get((tuple(cand.shape), round(float(cand.flatten()[0]), 3)))
                    if k is None or not np.allclose(cand, tensors[k].numpy()):
                        continue
                    if name not in shipped:
                        sys.exit(f"{g}.onnx in {a.folder} has no initializer {name} (tensor {k}): another exporter?")
                    value = np.array(take(shipped[name]), dtype=np.float32)
                    if value.shape != tuple(tensors[k].shape):
                        sys.exit(f"{k}: shipped shape {value.shape} != {tuple(tensors[k].shape)} (pass --config)")
                    rebuilt[k] = torch.from_numpy(value)
                    hit = True
                if not hit:   # a slice of a tensor along its first axis (the exporter splits the fused q/k/v)
                    for form, cand, take in forms[:2]:
                        for k, t in tensors.items():
                            n = cand.shape[0]
                            if t.ndim != cand.ndim or t.shape[1:] != cand.shape[1:] or t.shape[0] % n or t.shape[0] == n:
                                continue
                            for j in range(t.shape[0] // n):
                                if np.allclose(cand, t[j * n:(j + 1) * n].numpy()):
                                    parts.setdefault(k, {})[j] = np.array(take(shipped[name]), dtype=np.float32)
                                    hit = True
                if not hit:
                    unmatched.append(f"{g}:{name}{list(arr.shape)}")
    for k, p in parts.items():
        if sorted(p) == list(range(tensors[k].shape[0] // p[0].shape[0])):
            rebuilt[k] = torch.from_numpy(np.concatenate([p[j] for j in sorted(p)], axis=0))
    missing = [k for k in tensors if k not in rebuilt]
    state = {k: rebuilt.get(k, default[k]) for k in default}
    model.load_state_dict(state)
    print(f"{len(rebuilt)} of {len(tensors)} float tensors rebuilt from the graphs; fresh initialisation kept for: {missing}")
    if unmatched:
        print(f"graph constants not traced to a tensor (folded by the exporter): {unmatched}")
    if any(not k.startswith("ctc") for k in missing):
        sys.exit("tensors other than the CTC head are missing: the graphs do not hold this model")
    torch.save({"config": cfg.to_dict(), "step": None, "from_onnx": os.path.abspath(a.folder),
                "model": {k: (v.half() if v.is_floating_point() else v) for k, v in state.items()}}, a.out)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
