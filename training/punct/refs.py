#!/usr/bin/env python3
"""Labelled word streams for `sws eval punct` from punctuated transcripts that the model never trained on, labelled
by corpus.py's rules:
  --ljspeech metadata.csv   LJSpeech (its normalised column, numbers already spelled): the lines in order, joined
                            into one stream, as a transcript of the reading would run
  --allison transcripts.tsv the phone prompts of allison-train (text column): one stream per prompt
and the held-out documents of corpus.py (its test.jsonl) are already in this format.

Usage: python3 -m training.punct.refs [--ljspeech F --allison F] OUT_DIR
"""
import argparse
import csv
import json
import os

from training.punct.corpus import label


def write(path, streams):
    n = 0
    with open(path, "w") as f:
        for sentences in streams:
            lab = label(sentences)
            if lab:
                words, punct, case = lab
                f.write(json.dumps({"words": " ".join(words), "punct": "".join(map(str, punct)),
                                    "case": "".join(map(str, case))}) + "\n")
                n += len(words)
    print(f"{path}: {n} words")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--ljspeech")
    ap.add_argument("--allison")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.ljspeech:
        with open(a.ljspeech, encoding="utf-8") as f:
            lines = [row.rstrip("\n").split("|")[2] for row in f if row.strip()]
        write(os.path.join(a.out, "ljspeech.jsonl"), [lines])
    if a.allison:
        with open(a.allison, encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        write(os.path.join(a.out, "allison.jsonl"), [[r["text"]] for r in rows])


if __name__ == "__main__":
    main()
