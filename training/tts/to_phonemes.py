#!/usr/bin/env python3
"""Turns a trained character-input velocity model into the starting point of a phoneme-input one (ADR 0009): the vocabulary grows by the 39 ARPAbet phones, each phone's embedding starts as the mean of the letters
that usually spell it (K -> k, SH -> s h, IY -> e e), so the model first reads a phone string like a phonetic spelling
and training refines it; everything else is kept. Letters stay (the fallback for words outside the lexicon).

Usage: python3 -m training.tts.to_phonemes --velocity weights.pt --out init.pt   (prints a check: same output for a letters-only input)
"""
import argparse
import os

import torch

from training.tts.export import load
from training.tts.grow import output_difference
from training.tts.tts_model import CHARS, PHONES, Velocity, VelocityConfig

SPELLING = {"AA": "o", "AE": "a", "AH": "u", "AO": "o", "AW": "ou", "AY": "i", "B": "b", "CH": "ch", "D": "d",
            "DH": "th", "EH": "e", "ER": "er", "EY": "ay", "F": "f", "G": "g", "HH": "h", "IH": "i", "IY": "ee",
            "JH": "j", "K": "k", "L": "l", "M": "m", "N": "n", "NG": "ng", "OW": "o", "OY": "oy", "P": "p", "R": "r",
            "S": "s", "SH": "sh", "T": "t", "TH": "th", "UH": "u", "UW": "oo", "V": "v", "W": "w", "Y": "y", "Z": "z",
            "ZH": "s"}


def to_phonemes(w):
    cfg = dict(w["config"])
    assert cfg.get("text_units", "chars") == "chars", "already a phoneme model"
    new = Velocity(VelocityConfig(**{**cfg, "vocab": len(CHARS) + 1 + len(PHONES), "text_units": "phonemes"}))
    state = new.state_dict()
    old_emb = w["model"]["text_emb.weight"].float()
    assert old_emb.shape[0] == len(CHARS) + 1, old_emb.shape
    emb = torch.zeros_like(state["text_emb.weight"])
    emb[:old_emb.shape[0]] = old_emb
    for i, p in enumerate(PHONES):
        emb[len(CHARS) + 1 + i] = torch.stack([old_emb[CHARS.index(c) + 1] for c in SPELLING[p]]).mean(0)
    for k, v in w["model"].items():
        assert k in state, k
        state[k] = emb if k == "text_emb.weight" else v.float()
    new.load_state_dict(state)
    return new


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = torch.load(a.velocity, map_location="cpu")
    new = to_phonemes(w).eval()
    old, _ = load(a.velocity, Velocity, VelocityConfig)
    diff = output_difference(new, old, old.cfg.vocab)   # letters only: the ids both vocabularies share
    print(f"vocabulary {old.cfg.vocab} -> {new.cfg.vocab}; letters-only input, largest output difference {diff:.2e}")
    assert diff < 1e-4
    torch.save({"kind": "velocity", "config": new.cfg.to_json(), "step": None, "phonemes_from": w.get("step"),
                "model": {k: v.half() for k, v in new.state_dict().items()}}, a.out)


if __name__ == "__main__":
    main()
