"""Digit strings spoken by a real voice: FSDD's held-out speaker (lucas, the fsdd-dev split) read 3-7 digits in a row.

Each string joins whole FSDD clips (their own onsets and pauses, a faint noise floor added), every other one with a
repeated digit ("nine four four one"). Writes WAV files and a manifest for `./sws eval asr --manifest`:

    python3 training/eval/make_digit_strings.py /tmp/digits        # then
    ./sws eval asr --manifest /tmp/digits/m.tsv

Needs ../shared/data/fsdd and the ffmpeg command. Deterministic (seed 3): 40 strings, 208 digits.
"""
import random
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np

FSDD = Path(__file__).resolve().parents[3] / "shared" / "data" / "fsdd"
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def load(f):
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(f), "-f", "s16le", "-ac", "1", "-ar", "16000", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    random.seed(3)
    rng = np.random.default_rng(3)
    rows = ["path\tnormalized"]
    for k in range(40):
        n = random.randint(3, 7)
        ds = [random.randint(0, 9) for _ in range(n)]
        if k % 2 == 0:
            i = random.randrange(n - 1)
            ds[i + 1] = ds[i]
        takes = random.sample(range(50), n)
        x = np.concatenate([load(FSDD / f"{d}_lucas_{t}.flac") for d, t in zip(ds, takes)])
        x = x + rng.standard_normal(len(x)).astype(np.float32) * 0.0005
        name = out / f"s{k:02d}.wav"
        with wave.open(str(name), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes((np.clip(x, -1, 1) * 32767).astype(np.int16).tobytes())
        rows.append(f"{name.resolve()}\t{' '.join(WORDS[d] for d in ds)}")
    (out / "m.tsv").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "digit-strings")
