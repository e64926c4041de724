#!/usr/bin/env python3
"""Golden values for the Java engine's check of an exported house TTS folder: the PyTorch velocity model and vocoder on
a fixed small input (the ONNX graphs must agree within int8 weight rounding).
Usage: golden.py --velocity V.pt --vocoder C.pt --out models/house-tts-en-s1/golden.json"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import load  # noqa: E402
from tts_model import N_MELS, Velocity, VelocityConfig, Vocoder, VocoderConfig, encode_text, uniform_layout  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity", required=True)
    ap.add_argument("--vocoder", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    vel, _ = load(a.velocity, Velocity, VelocityConfig)
    voc, _ = load(a.vocoder, Vocoder, VocoderConfig)
    g = torch.Generator().manual_seed(0)
    t = 40
    x = torch.randn(1, t, N_MELS, generator=g)
    cond = torch.zeros(1, t, N_MELS)
    cond[0, :15] = torch.randn(15, N_MELS, generator=g)
    text = uniform_layout(encode_text("hello world"), t)[None]
    time = torch.tensor([0.5])
    with torch.no_grad():
        v = vel(x, cond, text, time)
        audio = voc(x[:, :10] * 2.5 - 5.0)
    json.dump({"x": x[0].tolist(), "cond": cond[0].tolist(), "text": text[0].tolist(), "time": 0.5,
               "v": v[0].tolist(), "audio_head": audio[0, :64].tolist(), "audio_len": int(audio.shape[1])},
              open(a.out, "w"))
    print("golden written", a.out, float(v.abs().mean()))


if __name__ == "__main__":
    main()
