#!/usr/bin/env python3
"""Packs the real recordings of ../shared/data for a training run and writes the dev-split manifests.

Splits (deterministic, recorded in training/data/splits/):
  * allison-train: prompt-disjoint 80/20 split by a hash of the file name -> allison_train / allison_dev
  * fsdd: speaker-disjoint; jackson, nicolas, theo, yweweler train; lucas dev
Each set becomes one mono 16-bit FLAC (concatenated utterances; fsdd stays at 8 kHz) plus a JSON index with
offsets and normalised texts, small enough to travel to the GPU host, where the flac tool decodes it.
Also writes TSV manifests (path relative to the TSV's folder, normalized text) for `./sws eval asr`.

Usage: python3 -m training.data.prep_real --shared ../shared/data --out .device-data/real --manifests training/data/manifests
"""
import argparse
import hashlib
import json
import os
import subprocess
import tempfile
import wave

import numpy as np

from training.common.textnorm import ONES

FSDD_DEV = {"lucas"}


def decode(path, rate):
    out = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", path, "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<i2")


def allison_is_dev(name):
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 5 == 0


def pack(items, rate, out_dir, name):
    audio = np.concatenate([a for a, _, _ in items])
    offsets = np.cumsum([0] + [len(a) for a, _, _ in items]).tolist()
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        with wave.open(tmp.name, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(audio.tobytes())
        subprocess.run(["flac", "-s", "-f", "-8", "-o", os.path.join(out_dir, name + ".flac"), tmp.name], check=True)
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump({"rate": rate, "offsets": offsets, "texts": [t for _, t, _ in items], "names": [n for _, _, n in items]}, f)
    print(name, len(items), "utterances", round(len(audio) / rate / 60, 2), "min")


def write_tsv(path, rows, shared_rel):
    with open(path, "w") as f:
        f.write("path\tnormalized\n")
        for p, t in rows:
            f.write(f"{shared_rel}/{p}\t{t}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--manifests", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(a.manifests, exist_ok=True)
    shared = os.path.abspath(a.shared)
    rel = os.path.relpath(shared, os.path.abspath(a.manifests))
    sets = {"allison_train": [], "allison_dev": [], "fsdd_train": [], "fsdd_dev": []}
    rows = {k: [] for k in sets}
    with open(os.path.join(shared, "allison-train/transcripts.tsv")) as f:
        next(f)
        for line in f:
            path, _, norm = line.rstrip("\n").split("\t")
            key = "allison_dev" if allison_is_dev(os.path.basename(path)) else "allison_train"
            sets[key].append((decode(os.path.join(shared, path), 16000), norm, os.path.basename(path)))
            rows[key].append((path, norm))
    for fn in sorted(os.listdir(os.path.join(shared, "fsdd"))):
        if not fn.endswith(".flac"):
            continue
        digit, speaker, _ = fn[:-5].split("_")
        key = "fsdd_dev" if speaker in FSDD_DEV else "fsdd_train"
        sets[key].append((decode(os.path.join(shared, "fsdd", fn), 8000), ONES[int(digit)], fn))
        rows[key].append(("fsdd/" + fn, ONES[int(digit)]))
    for k, items in sets.items():
        pack(items, 8000 if k.startswith("fsdd") else 16000, a.out, k)
        write_tsv(os.path.join(a.manifests, k.replace("_", "-") + ".tsv"), rows[k], rel)
    noise = decode(os.path.join(shared, "smoke/noise-48k.wav"), 16000)
    np.save(os.path.join(a.out, "noise.npy"), noise)
    with open(os.path.join(os.path.dirname(__file__), "splits", "allison_dev.txt"), "w") as f:
        f.write("\n".join(n for _, _, n in sets["allison_dev"]) + "\n")


if __name__ == "__main__":
    main()
