#!/usr/bin/env python3
"""Rebuilds a weights.pt (the format train.py's --init reads) from a shipped house TTS ONNX graph, for when the
PyTorch checkpoint of the shipped model is gone (the checkout keeps only the exported, int8-weight ONNX files).

How: a fresh model of the given config gets distinct random values, is exported with the same exporter, and each of
its ONNX initializers is matched by value (as is or transposed) to the parameter it came from; the shipped graph's
initializer of the same name (int8 weights are dequantised with their scales) then gives that parameter's value.
Parameters the exporter folded away are reported; a rebuilt velocity model is checked against the folder's golden.json
(the float model's output), and re-exporting it gives the shipped velocity.onnx byte for byte (training/README.md).

Usage: python3 -m training.tts.from_onnx --kind velocity|vocoder|speaker --onnx models/house-tts-en-s1/velocity.onnx --out vel.pt
       [--config JSON]   (graphs exported before the config metadata entry existed)
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
from training.tts.export import export
from training.tts.tts_model import SpeakerConfig, SpeakerEncoder, Velocity, VelocityConfig, Vocoder, VocoderConfig

KINDS = {"velocity": (Velocity, VelocityConfig), "vocoder": (Vocoder, VocoderConfig),
         "speaker": (SpeakerEncoder, SpeakerConfig)}


def check_golden(model, golden_path):
    """Largest difference between the rebuilt model and the float model's golden velocity (golden.py's inputs)."""
    g = json.load(open(golden_path))
    with torch.no_grad():
        v = model(torch.tensor([g["x"]]), torch.tensor([g["cond"]]), torch.tensor([g["text"]]), torch.tensor([g["time"]]))
    ref = np.array(g["v"], dtype=np.float32)
    return float(np.abs(v[0].numpy() - ref).max()), float(np.abs(ref).max())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", required=True, choices=KINDS)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", help="config fields that differ from the defaults (JSON); default: the graph's "
                                     "'config' metadata (export.py writes it), else the defaults")
    a = ap.parse_args()
    cls, cfg_cls = KINDS[a.kind]
    stored = {p.key: p.value for p in onnx.load(a.onnx, load_external_data=False).metadata_props}.get("config", "{}")
    cfg = cfg_cls(**json.loads(a.config or stored))
    torch.manual_seed(0)
    model = cls(cfg).eval()
    params = {k: v for k, v in model.state_dict().items() if v.is_floating_point() and not k.startswith("istft.")}
    with torch.no_grad():   # distinct values, so each exported initializer names its parameter unambiguously
        for i, (k, v) in enumerate(params.items()):
            v.copy_(torch.randn(v.shape) + 10.0 * (i + 1))
    with tempfile.TemporaryDirectory() as tmp:
        fresh_path = os.path.join(tmp, "fresh.onnx")
        args = export(model, a.kind, fresh_path, int8=False)
        fresh = {i.name: numpy_helper.to_array(i) for i in onnx.load(fresh_path).graph.initializer}
    shipped = shipped_values(a.onnx)
    by_key = {(tuple(v.shape), round(float(v.flatten()[0]), 4)): k for k, v in params.items()}
    rebuilt, unmatched = {}, []
    for name, arr in fresh.items():
        if arr.dtype != np.float32 or arr.size == 0:
            continue
        for form, cand in (("same", arr), ("transposed", arr.T if arr.ndim == 2 else None)):
            if cand is None:
                continue
            k = by_key.get((tuple(cand.shape), round(float(cand.flatten()[0]), 4)))
            if k is not None and np.allclose(cand, params[k].numpy()):
                if name not in shipped:
                    sys.exit(f"{a.onnx} has no initializer {name} (parameter {k}): exported by another exporter?")
                value = shipped[name] if form == "same" else shipped[name].T
                if value.shape != tuple(params[k].shape):
                    sys.exit(f"{k}: shipped shape {value.shape} != {tuple(params[k].shape)} (pass --config)")
                rebuilt[k] = torch.from_numpy(np.array(value, dtype=np.float32))
                break
        else:
            unmatched.append(name)
    missing = [k for k in params if k not in rebuilt]
    if missing:
        sys.exit(f"parameters not recoverable from the graph (folded by the exporter?): {missing}")
    state = model.state_dict()
    state.update(rebuilt)
    model.load_state_dict(state)
    if a.kind == "velocity":   # the shipped folder's golden.json holds the float model's output before int8
        diff, scale = check_golden(model, os.path.join(os.path.dirname(a.onnx), "golden.json"))
        print(f"max |rebuilt - golden| = {diff:.3e} (output max {scale:.2f})")
        if diff > 0.05 * max(scale, 1.0):
            sys.exit("the rebuilt model does not reproduce the shipped model's golden output")
    print(f"{a.kind}: {len(rebuilt)} parameters rebuilt, {len(unmatched)} other constants")
    torch.save({"kind": a.kind, "config": cfg.to_json(), "step": None, "from_onnx": os.path.basename(a.onnx),
                "model": {k: v.half() for k, v in rebuilt.items()}}, a.out)


if __name__ == "__main__":
    main()
