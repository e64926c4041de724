#!/usr/bin/env python3
"""Trains and exports the house audio-class model (speech / music / noise), on the CPU in a few minutes.

Sources, each split by file (or speaker, or track) so that no held-out window shares a recording with training:
  speech  ../shared/data: allison (the manifests' train/dev split), FSDD (train/dev manifests), LibriSpeech
          (untranscribed; speakers whose id ends in 0 or 1 held out)
  music   Debian hyperrogue-music (GPL-2+) and drascula-music (BSD-like), decoded to 16 kHz mono raw PCM by
          decode_music.sh; every fifth track held out
  noise   Debian sound effects (hyperrogue, frozen-bubble; every fifth file held out), the smoke noise clip, and
          generated noise (white/pink/brown, mains hum with harmonics, band-limited rumble and hiss, clicks)
Augmentation: level -35..0 dB, other-class noise under speech and music at 5-40 dB SNR, speech windows taken
where the signal is loudest (a 1 s window of a prompt is mostly speech, not the silence around it).

Usage: python3 -m training.classes.train --music /tmp/music/wav --out models/house-audio-classes-s1 [--minutes 8]
Prints held-out accuracy per class (window level and file level) and writes classes.onnx, classes.json and
eval.json into --out.
"""
import argparse
import glob
import json
import os
import random
import time

import numpy as np
import soundfile as sf
import torch
import torch.nn.functional as F
from scipy.signal import resample_poly

HERE = os.path.dirname(os.path.abspath(__file__))
from training.classes.classes import CLASSES, RATE, WINDOW, AudioClasses

SHARED = os.path.join(HERE, "..", "..", "..", "shared", "data")
MANIFESTS = os.path.join(HERE, "..", "data", "manifests")


def read(path):
    if path.endswith(".raw"):
        return np.fromfile(path, np.int16).astype(np.float32) / 32768.0
    x, sr = sf.read(path, dtype="float32", always_2d=True)
    x = x.mean(1)
    if sr != RATE:
        g = np.gcd(sr, RATE)
        x = resample_poly(x, RATE // g, sr // g).astype(np.float32)
    return x


def manifest(name):
    with open(os.path.join(MANIFESTS, name)) as f:
        rows = [l.split("\t")[0] for l in f][1:]
    return [os.path.normpath(os.path.join(MANIFESTS, p)) for p in rows]


def sources(music_dir):
    """{class: {"train": [files], "dev": [files]}}"""
    libri = sorted(glob.glob(os.path.join(SHARED, "librispeech-untranscribed", "*", "*", "*.flac")))
    held = lambda p: os.path.basename(p).split("-")[0][-1] in "01"   # noqa: E731
    music = sorted(glob.glob(os.path.join(music_dir, "music_*.raw")))
    sfx = sorted(glob.glob(os.path.join(music_dir, "sfx_*.raw")))
    smoke = os.path.join(SHARED, "smoke", "noise-48k.wav")
    return {
        "speech": {"train": manifest("allison-train.tsv") + manifest("fsdd-train.tsv")[::4]
                   + [p for p in libri if not held(p)],
                   "dev": manifest("allison-dev.tsv") + manifest("fsdd-dev.tsv")[::5] + [p for p in libri if held(p)]},
        "music": {"train": [p for i, p in enumerate(music) if i % 5], "dev": music[::5]},
        "noise": {"train": [p for i, p in enumerate(sfx) if i % 5] + [smoke], "dev": sfx[::5]},
    }


def generated_noise(rng):
    n = WINDOW
    kind = rng.randrange(6)
    g = np.random.default_rng(rng.randrange(1 << 30))
    white = g.standard_normal(n).astype(np.float32)
    if kind == 0:
        x = white
    elif kind in (1, 2):   # pink / brown: 1/f^a spectrum
        spec = np.fft.rfft(white)
        f = np.arange(1, len(spec) + 1)
        x = np.fft.irfft(spec / f ** (0.5 * kind), n)
    elif kind == 3:        # mains hum with harmonics
        base = rng.choice([50.0, 60.0])
        t = np.arange(n) / RATE
        x = sum(g.uniform(0.1, 1) / h * np.sin(2 * np.pi * base * h * t + g.uniform(0, 6.3)) for h in range(1, 8))
        x = x + 0.05 * white
    elif kind == 4:        # band-limited rumble or hiss
        spec = np.fft.rfft(white)
        lo, hi = sorted(g.uniform(0, len(spec), 2).astype(int))
        spec[:lo] = 0
        spec[hi + 1:] = 0
        x = np.fft.irfft(spec, n)
    else:                  # clicks and crackle
        x = 0.02 * white
        for p in g.integers(0, n - 50, g.integers(3, 40)):
            x[p:p + 50] += g.uniform(-1, 1) * np.exp(-np.arange(50) / 8.0)
    x = np.asarray(x, np.float32)
    return x / (np.abs(x).max() + 1e-9)


class Windows:
    """Random 1 s windows of one split."""

    def __init__(self, files, rng):
        self.rng = rng
        self.audio = {}
        for c in CLASSES:
            self.audio[c] = [a for a in (read(p) for p in files[c]) if len(a) > RATE // 4]
        self.weights = {c: np.array([len(a) for a in self.audio[c]], np.float64) for c in CLASSES}
        for c in CLASSES:
            self.weights[c] /= self.weights[c].sum()

    def crop(self, c):
        a = self.audio[c][np.random.default_rng(self.rng.randrange(1 << 30)).choice(len(self.audio[c]), p=self.weights[c])]
        if len(a) <= WINDOW:
            out = np.zeros(WINDOW, np.float32)
            s = self.rng.randrange(WINDOW - len(a) + 1)
            out[s:s + len(a)] = a
            return out
        if c == "speech":   # the loudest of a few candidate windows: speech, not the pause around it
            starts = [self.rng.randrange(len(a) - WINDOW) for _ in range(4)]
            s = max(starts, key=lambda s: float(np.square(a[s:s + WINDOW]).mean()))
        else:
            s = self.rng.randrange(len(a) - WINDOW)
        return a[s:s + WINDOW].copy()

    def sample(self, c, augment=True):
        if c == "noise" and self.rng.random() < 0.5:
            x = generated_noise(self.rng)
        else:
            x = self.crop(c)
        x = x / (np.abs(x).max() + 1e-6)
        if augment and c != "noise" and self.rng.random() < 0.5:
            other = generated_noise(self.rng) if self.rng.random() < 0.7 else self.crop("noise")
            snr = self.rng.uniform(5, 40)
            px, po = np.square(x).mean() + 1e-9, np.square(other).mean() + 1e-9
            x = x + other * np.sqrt(px / po / 10 ** (snr / 10))
            x = x / (np.abs(x).max() + 1e-6)
        return (x * 10 ** (self.rng.uniform(-35, 0) / 20)).astype(np.float32)

    def batch(self, n):
        ys = [self.rng.randrange(len(CLASSES)) for _ in range(n)]
        return torch.from_numpy(np.stack([self.sample(CLASSES[y]) for y in ys])), torch.tensor(ys)


@torch.no_grad()
def evaluate(model, files):
    """Window-level and file-level (mean of window probabilities) accuracy per class on held-out files."""
    model.eval()
    out = {}
    for ci, c in enumerate(CLASSES):
        win_ok = win_n = file_ok = 0
        for p in files[c]:
            a = read(p)
            if len(a) < WINDOW:
                a = np.pad(a, (0, WINDOW - len(a)))
            starts = range(0, len(a) - WINDOW + 1, WINDOW // 2)
            x = torch.from_numpy(np.stack([a[s:s + WINDOW] for s in starts]))
            probs = model(x)
            win_ok += int((probs.argmax(1) == ci).sum())
            win_n += len(starts)
            file_ok += int(probs.mean(0).argmax() == ci)
        out[c] = {"files": len(files[c]), "file_accuracy": round(file_ok / max(1, len(files[c])), 4),
                  "windows": win_n, "window_accuracy": round(win_ok / max(1, win_n), 4)}
    model.train()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--music", required=True, help="folder of music_*.raw and sfx_*.raw (decode_music.sh)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=8)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=3)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    files = sources(a.music)
    print(json.dumps({c: {k: len(v) for k, v in s.items()} for c, s in files.items()}), flush=True)
    data = Windows({c: files[c]["train"] for c in CLASSES}, rng)
    model = AudioClasses()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-3)
    t0, step = time.time(), 0
    budget = a.minutes * 60
    while time.time() - t0 < budget:
        frac = (time.time() - t0) / budget
        for g in opt.param_groups:
            g["lr"] = 2e-3 * (0.5 * (1 + np.cos(np.pi * frac)) * 0.95 + 0.05)
        x, y = data.batch(a.batch)
        loss = F.cross_entropy(model.logits(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 100 == 0:
            print(json.dumps({"step": step, "loss": round(loss.item(), 4), "s": round(time.time() - t0)}), flush=True)
    model.eval()
    ev = evaluate(model, {c: files[c]["dev"] for c in CLASSES})
    print(json.dumps({"held_out": ev}), flush=True)
    os.makedirs(a.out, exist_ok=True)
    torch.onnx.export(model, torch.zeros(2, WINDOW), os.path.join(a.out, "classes.onnx"), input_names=["audio"],
                      output_names=["probs"], dynamic_axes={"audio": {0: "batch"}, "probs": {0: "batch"}},
                      opset_version=17)
    with open(os.path.join(a.out, "classes.json"), "w") as f:
        json.dump({"format": "sws-audio-classes-v1", "classes": CLASSES, "sampleRate": RATE, "window": WINDOW,
                   "hop": WINDOW // 2}, f, indent=2)
    with open(os.path.join(a.out, "eval.json"), "w") as f:
        json.dump({"steps": step, "minutes": a.minutes, "held_out": ev,
                   "sources": {c: {k: len(v) for k, v in s.items()} for c, s in files.items()}}, f, indent=2)
    n = sum(p.numel() for p in model.parameters())
    print(json.dumps({"params": n, "steps": step}), flush=True)


if __name__ == "__main__":
    main()
