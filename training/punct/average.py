#!/usr/bin/env python3
"""Averages two weight files of the punctuation model that share a starting point (weight-space ensembling, as WiSE-FT:
Wortsman et al. 2022) into a run folder that export.py reads: ALPHA of the continued weights, the rest of the earlier
ones. A continued run that gains on its own held-out prose can lose on narrative and spoken English; the average
keeps more of what the earlier weights did there.

Usage: python3 -m training.punct.average --a EARLIER.pt --b CONTINUED.pt --alpha 0.5 --layers 6 --d 256 --out RUN_DIR
"""
import argparse
import json
import os

import torch


def load(path):
    w = torch.load(path, map_location="cpu")
    return w.get("model", w) if isinstance(w.get("model"), dict) else w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="the earlier weights (e.g. from_onnx.py's of the shipped model)")
    ap.add_argument("--b", required=True, help="the continued run's weights (export.py --weights)")
    ap.add_argument("--alpha", type=float, default=0.5, help="share of --b")
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    wa, wb = load(a.a), load(a.b)
    if set(wa) != set(wb) or any(wa[k].shape != wb[k].shape for k in wa):
        raise SystemExit("the two weight files are not of one model shape")
    avg = {k: (1 - a.alpha) * wa[k].float() + a.alpha * wb[k].float() if wb[k].is_floating_point() else wb[k] for k in wb}
    os.makedirs(a.out, exist_ok=True)
    torch.save(avg, os.path.join(a.out, "best.pt"))
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump({"layers": a.layers, "d": a.d, "average": {"a": a.a, "b": a.b, "alpha": a.alpha}}, f)
    print(f"{a.out}: {len(avg)} tensors, {a.alpha:.2f} of {a.b}")


if __name__ == "__main__":
    main()
