#!/usr/bin/env python3
"""Built-in voices of the house TTS model: reference clips read by Debian's flite voices (synthetic speakers, so no
person's consent is involved; flite's voices are under a BSD-style licence), written as OUT/voices/NAME/{reference.wav,
voice.json} in the layout of the workstation's voice store.  Usage: make_voices.py --out models/house-tts-en-s1"""
import argparse
import datetime
import json
import os
import subprocess
import tempfile
import wave

import numpy as np

VOICES = {  # name: (flite voice, reference sentence; not in any evaluation list)
    "Ava": ("slt", "the quiet harbour town wakes up slowly while fishing boats return with the morning tide"),
    "Rob": ("rms", "please remember to water the plants and lock the garden gate before you leave tonight"),
    "Alan": ("awb", "a warm cup of tea on a rainy afternoon makes reading an old novel even better"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    for name, (voice, text) in VOICES.items():
        d = os.path.join(a.out, "voices", name)
        os.makedirs(d, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            p = os.path.join(tmp, "x.wav")
            subprocess.run(["flite", "-voice", voice, "-t", text, "-o", p], check=True)
            with wave.open(p) as w:
                sr = w.getframerate()
                x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
        assert sr == 16000, sr
        e = np.convolve(x ** 2, np.ones(160) / 160, "same")
        on = np.nonzero(e > e.max() * 1e-3)[0]
        x = x[max(0, on[0] - 800):on[-1] + 800]
        x = x / np.sqrt((x ** 2).mean()) * 10 ** (-20 / 20)
        x = np.clip(x, -0.89, 0.89)
        with wave.open(os.path.join(d, "reference.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sr)
            w.writeframes((x * 32767).astype("<i2").tobytes())
        json.dump({"name": name, "transcript": text,
                   "consent": {"speaker": f"flite {voice} (synthetic voice)", "purpose": "built-in voice of the house TTS model",
                               "date": datetime.date.today().isoformat(), "confirmed": True},
                   "embedding": [], "sources": [f"flite -voice {voice}"], "quality": [],
                   "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
                  open(os.path.join(d, "voice.json"), "w"), indent=2)
        print(name, round(len(x) / sr, 2), "s")


if __name__ == "__main__":
    main()
