#!/usr/bin/env python3
"""Packs ../shared/data/librispeech-untranscribed for the codec recipe and writes the codec evaluation manifest.

  train-clean-100 (251 speakers x 1 utterance) -> two packs split by speaker (libri_a, libri_b): each travels to
                                                   the GPU machine in its own call (the carry limit)
  test-other (10 speakers x 10)                -> never trained on; `training/data/manifests/libri-test-other.tsv`
                                                   (path only: the codec evaluation compares the ASR transcript
                                                   of the decoded audio with that of the original)
Usage: python3 -m training.codec.prep_libri --shared ../shared/data --out .device-data --manifests training/data/manifests
"""
import argparse
import os

from training.data.prep_real import decode, pack


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--manifests", required=True)
    a = ap.parse_args()
    root = os.path.join(os.path.abspath(a.shared), "librispeech-untranscribed")
    train = sorted(f for f in os.listdir(os.path.join(root, "librispeech_train-clean-100")) if f.endswith(".flac"))
    halves = {"libri_a": train[0::2], "libri_b": train[1::2]}
    for name, files in halves.items():
        out = os.path.join(a.out, name)
        os.makedirs(out, exist_ok=True)
        items = [(decode(os.path.join(root, "librispeech_train-clean-100", f), 16000), "", f) for f in files]
        pack(items, 16000, out, name)
    rel = os.path.relpath(root, os.path.abspath(a.manifests))
    test = os.path.join(root, "librispeech_test-other")
    rows = sorted(os.path.join(spk, f) for spk in os.listdir(test) if os.path.isdir(os.path.join(test, spk))
                  for f in os.listdir(os.path.join(test, spk)) if f.endswith(".flac"))
    with open(os.path.join(a.manifests, "libri-test-other.tsv"), "w") as f:
        f.write("path\n")
        for r in rows:
            f.write(f"{rel}/librispeech_test-other/{r}\n")
    print("test-other", len(rows), "files")


if __name__ == "__main__":
    main()
