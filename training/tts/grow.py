#!/usr/bin/env python3
"""Makes a deeper velocity model from a trained one without changing what it computes: the new DiT blocks are
interleaved with the trained ones and start as the identity, because a block's output is gated by its adaLN
modulation, which starts at zero (DiTBlock: mod weights and bias zero -> gates g1 = g2 = 0 -> x + 0 + 0). Training
then continues with the extra capacity (ADR 0009: the capacity test).

Usage: python3 -m training.tts.grow --velocity weights.pt --layers 12 --out grown.pt   (prints the largest output difference, ~0)
"""
import argparse
import os

import torch

from training.tts.export import load
from training.tts.tts_model import Velocity, VelocityConfig


def grow(w, layers, seed=0):
    cfg = dict(w["config"])
    old = cfg["n_layers"]
    assert layers > old, f"the model has {old} layers already"
    torch.manual_seed(seed)
    big = Velocity(VelocityConfig(**{**cfg, "n_layers": layers}))
    # trained block i goes to slot place[i], spread evenly; the other slots keep their fresh (identity) blocks
    place = [round(i * (layers - 1) / max(1, old - 1)) for i in range(old)]
    assert len(set(place)) == old
    state = big.state_dict()
    for k, v in w["model"].items():
        if k.startswith("blocks."):
            _, i, rest = k.split(".", 2)
            k = f"blocks.{place[int(i)]}.{rest}"
        assert k in state and state[k].shape == v.shape, k
        state[k] = v.float()
    big.load_state_dict(state)
    return big, place


def output_difference(a, b, vocab):
    """Largest difference between two velocity models' outputs on a fixed random input with text ids below vocab."""
    g = torch.Generator().manual_seed(1)
    x, cond = torch.randn(2, 90, 80, generator=g), torch.randn(2, 90, 80, generator=g)
    text, t = torch.randint(0, vocab, (2, 90), generator=g), torch.tensor([0.2, 0.7])
    with torch.no_grad():
        return (a.eval()(x, cond, text, t) - b.eval()(x, cond, text, t)).abs().max().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity", required=True)
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = torch.load(a.velocity, map_location="cpu")
    big, place = grow(w, a.layers)
    small, _ = load(a.velocity, Velocity, VelocityConfig)
    diff = output_difference(big, small, small.cfg.vocab)
    print(f"trained blocks at {place} of {a.layers}; largest output difference {diff:.2e}")
    assert diff < 1e-4, "growing changed the model's output"
    torch.save({"kind": "velocity", "config": big.cfg.to_json(), "step": None, "grown_from": w.get("step"),
                "model": {k: v.half() for k, v in big.state_dict().items()}}, a.out)


if __name__ == "__main__":
    main()
