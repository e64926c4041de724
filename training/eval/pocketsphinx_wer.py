#!/usr/bin/env python3
"""Reference WER of CMU PocketSphinx (Debian `pocketsphinx` + `pocketsphinx-en-us`, default US English model) over
an evaluation manifest (TSV: path, normalized; paths relative to the TSV), with the same text normalisation and WER
definition as `./sws eval asr`.  Usage: python3 -m training.eval.pocketsphinx_wer MANIFEST.tsv"""
import tempfile
import os
import subprocess
import sys

from training.common.textnorm import normalize
from training.common.wer import edit_distance


def main():
    tsv = sys.argv[1]
    base = os.path.dirname(os.path.abspath(tsv))
    errs = words = 0
    with open(tsv) as f:
        next(f)
        for line in f:
            path, ref = line.rstrip("\n").split("\t")[:2]
            audio = os.path.normpath(os.path.join(base, path))
            with tempfile.TemporaryDirectory() as tmp:
                wav = os.path.join(tmp, "a.wav")
                subprocess.run(["ffmpeg", "-v", "error", "-i", audio, "-ac", "1", "-ar", "16000", wav], check=True)
                out = subprocess.run(["pocketsphinx_continuous", "-infile", wav, "-logfn", "/dev/null"],
                                     capture_output=True, check=True).stdout.decode()
            hyp = " ".join(l.strip() for l in out.splitlines() if l.strip())
            r, h = normalize(ref).split(), normalize(hyp).split()
            errs += edit_distance(r, h)
            words += len(r)
    print(f"WER {100.0 * errs / max(1, words):.2f} {errs}/{words}")


if __name__ == "__main__":
    main()
