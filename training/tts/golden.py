#!/usr/bin/env python3
"""Golden values for the Java engine's check of an exported house TTS folder: the PyTorch velocity model and vocoder on
a fixed small input (the ONNX graphs must agree within int8 weight rounding), and the token ids of a few sentences (the
Java tokenizer must produce the same).
Usage: python3 -m training.tts.golden --velocity V.pt --vocoder C.pt --out models/house-tts-en-s1/golden.json
       golden.py --phoneme-fixture tts/src/test/resources/golden/tts-phonemes   (the phoneme front end's test fixture:
       tokens.txt, the lexicon lines the cases use, and their ids; no weights needed)"""
import argparse
import json
import os

import torch

from training.tts.export import load
from training.tts.tts_model import (N_MELS, Velocity, VelocityConfig, Vocoder, VocoderConfig, encode_text, lexicon, symbols,
                       uniform_layout)

# the leading space as TtsModel writes it, words in and out of the lexicon, an apostrophe, digits already spelled out
TOKEN_CASES = [" hello world", "the quick brown fox jumps over the lazy dog's back",
               " qt runtime and ocaml toolkits don't xyzzy", "twenty three  spaces"]


def phoneme_fixture(out):
    """A phoneme vocabulary, the dictionary entries of the cases' words (the full dictionary is 0.8 MB) and the ids the
    recipe gives each case: dev.sws.tts.TtsEngineTest checks LexiconTokens against them."""
    os.makedirs(out, exist_ok=True)
    lex = lexicon()
    words = sorted({w for s in TOKEN_CASES for w in s.split() if w in lex})
    with open(os.path.join(out, "tokens.txt"), "w") as f:
        f.writelines(("<space>" if c == " " else c) + f" {i}\n" for i, c in enumerate(symbols("phonemes")))
    with open(os.path.join(out, "lexicon.txt"), "w") as f:
        f.writelines(w + " " + " ".join(lex[w]) + "\n" for w in words)
    json.dump([{"text": s, "ids": encode_text(s, "phonemes")} for s in TOKEN_CASES],
              open(os.path.join(out, "tokens.json"), "w"), indent=1)
    print("fixture written", out, len(words), "words")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity")
    ap.add_argument("--vocoder")
    ap.add_argument("--out")
    ap.add_argument("--phoneme-fixture")
    a = ap.parse_args()
    if a.phoneme_fixture:
        return phoneme_fixture(a.phoneme_fixture)
    if not (a.velocity and a.vocoder and a.out):
        ap.error("--velocity, --vocoder and --out are needed")
    vel, _ = load(a.velocity, Velocity, VelocityConfig)
    voc, _ = load(a.vocoder, Vocoder, VocoderConfig)
    g = torch.Generator().manual_seed(0)
    t = 40
    x = torch.randn(1, t, N_MELS, generator=g)
    cond = torch.zeros(1, t, N_MELS)
    cond[0, :15] = torch.randn(15, N_MELS, generator=g)
    units = vel.cfg.text_units
    text = uniform_layout(encode_text("hello world", units), t)[None]
    time = torch.tensor([0.5])
    with torch.no_grad():
        v = vel(x, cond, text, time)
        audio = voc(x[:, :10] * 2.5 - 5.0)
    json.dump({"x": x[0].tolist(), "cond": cond[0].tolist(), "text": text[0].tolist(), "time": 0.5,
               "v": v[0].tolist(), "audio_head": audio[0, :64].tolist(), "audio_len": int(audio.shape[1]),
               "tokens": [{"text": s, "ids": encode_text(s, units)} for s in TOKEN_CASES]},
              open(a.out, "w"))
    print("golden written", a.out, float(v.abs().mean()))


if __name__ == "__main__":
    main()
