#!/usr/bin/env python3
"""Is the vocoder what limits the house TTS? Copy synthesis: each sentence is read by a flite voice, its log mel
(the TTS front end) goes through the house vocoder, and PocketSphinx transcribes both the flite audio and the vocoded
copy. If the copies are about as intelligible as flite itself, the mel generator (velocity model) is the limit.

Usage: python3 -m training.tts.copy_synthesis --vocoder voc.pt --sentences training/tts/eval/sentences.txt [--voices awb,slt,rms]
(voc.pt from from_onnx.py --kind vocoder; needs flite and pocketsphinx_continuous on the PATH)
"""
import argparse
import os
import subprocess
import tempfile
import wave

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.tts.export import load
from training.eval.pocketsphinx_wer import edit_distance, normalize  # (the WER and text rules of ./sws eval)
from training.tts.tts_model import SR, TtsMel, Vocoder, VocoderConfig


def read_wav(path):
    with wave.open(path) as w:
        assert w.getframerate() == SR, f"{path}: {w.getframerate()} Hz"
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768


def write_wav(path, x):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def sphinx(path):
    out = subprocess.run(["pocketsphinx_continuous", "-infile", path, "-logfn", "/dev/null"],
                         capture_output=True, text=True, check=True).stdout
    return normalize(out).split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocoder", required=True)
    ap.add_argument("--sentences", required=True)
    ap.add_argument("--voices", default="awb,slt,rms")
    a = ap.parse_args()
    voc, _ = load(a.vocoder, Vocoder, VocoderConfig)
    mel = TtsMel()
    sentences = [s.strip() for s in open(a.sentences) if s.strip() and not s.startswith("#")]
    print(f"{'flite voice':12} {'WER flite':>10} {'WER vocoded copy':>17}")
    with tempfile.TemporaryDirectory() as tmp, torch.no_grad():
        orig, copy = os.path.join(tmp, "flite.wav"), os.path.join(tmp, "copy.wav")
        for v in a.voices.split(","):
            e_orig = e_copy = n = 0
            for s in sentences:
                subprocess.run(["flite", "-voice", v, "-t", s, "-o", orig], check=True)
                x = torch.from_numpy(read_wav(orig))[None]
                write_wav(copy, voc(mel(x)).reshape(-1).numpy())
                ref = normalize(s).split()
                n += len(ref)
                e_orig += edit_distance(ref, sphinx(orig))
                e_copy += edit_distance(ref, sphinx(copy))
            print(f"{v:12} {100 * e_orig / n:9.1f}% {100 * e_copy / n:16.1f}%", flush=True)
    print(f"({len(sentences)} sentences, PocketSphinx; copy = flite audio -> log mel -> {a.vocoder})")


if __name__ == "__main__":
    main()
