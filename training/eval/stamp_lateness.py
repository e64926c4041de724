"""How late the recogniser stamps words: the first word's start against the speech onset, and the last word's end
against the speech offset, from `sws transcribe --format json` output and the audio it came from.

    ./sws transcribe --quiet --format json --out /tmp/al/a $(tail -n +2 training/data/manifests/allison-dev.tsv \
        | cut -f1 | sed "s#^#training/data/manifests/#")
    ./sws transcribe --quiet --format json --out /tmp/al/f $(ls ../shared/data/fsdd/*_lucas_*.flac | head -100)
    python3 training/eval/stamp_lateness.py /tmp/al/a ../shared/data/allison-train /tmp/al/f ../shared/data/fsdd

Onset and offset: the first and last 10 ms frame within 30 dB of the file's loudest frame. Needs ffmpeg and numpy.
"""
import glob
import json
import os
import subprocess
import sys

import numpy as np


def load(f):
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", f, "-f", "s16le", "-ac", "1", "-ar", "16000", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768


def onset_offset(a):
    frames = a[:len(a) // 160 * 160].reshape(-1, 160)
    db = 20 * np.log10(np.sqrt((frames ** 2).mean(1)) + 1e-9)
    loud = np.flatnonzero(db > db.max() - 30)
    return loud[0] * 0.01, (loud[-1] + 1) * 0.01


def main(args):
    for jdir, adir in zip(args[0::2], args[1::2]):
        late, early = [], []
        for j in sorted(glob.glob(os.path.join(jdir, "*.json"))):
            segs = [s for s in json.load(open(j))["segments"] if s["words"]]
            if not segs:
                continue
            on, off = onset_offset(load(os.path.join(adir, os.path.basename(j)[:-5] + ".flac")))
            late.append(segs[0]["words"][0]["start"] - on)
            early.append(segs[-1]["words"][-1]["end"] - off)
        late, early = np.array(late), np.array(early)
        print(f"{jdir}: {len(late)} files; first word start - onset: median {np.median(late):.2f} "
              f"p10 {np.percentile(late, 10):.2f} p90 {np.percentile(late, 90):.2f} max {late.max():.2f} | "
              f"last word end - offset: median {np.median(early):.2f} p10 {np.percentile(early, 10):.2f} "
              f"p90 {np.percentile(early, 90):.2f} min {early.min():.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
