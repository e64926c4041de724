#!/usr/bin/env python3
"""Pseudo-labels for untranscribed speech from two recognisers that agree.

Two independent recognisers (CMU PocketSphinx's en-us model, `pocketsphinx_continuous`, and the house model,
`./sws transcribe --format txt`) transcribe the same utterances; where their hypotheses are close (word error rate of
one against the other at most --agree), the utterance is kept with one of them as its label (--label ps|house).
With references (--refs: id, text), prints for each agreement threshold how much is kept and how wrong the labels
of what is kept are, so the threshold is chosen on transcribed dev speech; without, writes the kept utterances as
pack_corpora.py's --pseudo TSV (id, audio path, text, speaker).

Usage:
  python3 -m training.data.pseudo_label --ps PS.tsv --house DIR --audio LIST --refs REFS.tsv                 # calibrate on dev
  pseudo_label.py --ps PS.tsv --house DIR --audio LIST --agree 0.3 --out pseudo.tsv   # label
PS.tsv: id <TAB> hypothesis; DIR: ID.txt per utterance; LIST: audio paths, one per line (id = file name stem).
"""
import argparse
import os

from training.common.textnorm import normalize
from training.common.wer import edit_distance


def read_tsv(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            out[parts[0]] = normalize(parts[1] if len(parts) > 1 else "")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ps", required=True)
    ap.add_argument("--house", required=True)
    ap.add_argument("--audio", required=True)
    ap.add_argument("--refs")
    ap.add_argument("--agree", type=float, default=0.3)
    ap.add_argument("--label", choices=("ps", "house"), default="ps")
    ap.add_argument("--min-words", type=int, default=4)
    ap.add_argument("--out")
    a = ap.parse_args()
    ps = read_tsv(a.ps)
    with open(a.audio) as f:
        audio = {os.path.splitext(os.path.basename(p.strip()))[0]: p.strip() for p in f if p.strip()}
    rows = []  # id, ps words, house words, agreement distance
    for uid in sorted(audio):
        hf = os.path.join(a.house, uid + ".txt")
        if uid not in ps or not os.path.exists(hf):
            continue
        with open(hf, encoding="utf-8") as f:
            house = normalize(f.read()).split()
        p = ps[uid].split()
        if len(p) < a.min_words:
            continue
        rows.append((uid, p, house, edit_distance(p, house) / max(1, len(p))))
    if a.refs:
        refs = read_tsv(a.refs)
        print("| agreement ≤ | kept | words | PocketSphinx label WER | house label WER | all: PS / house WER |")
        print("|---|---|---|---|---|---|")
        all_ps = sum(edit_distance(refs[u].split(), p) for u, p, h, d in rows if u in refs)
        all_h = sum(edit_distance(refs[u].split(), h) for u, p, h, d in rows if u in refs)
        all_w = sum(len(refs[u].split()) for u, p, h, d in rows if u in refs)
        for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 10):
            kept = [(u, p, h) for u, p, h, d in rows if d <= t and u in refs]
            w = sum(len(refs[u].split()) for u, _, _ in kept)
            ep = sum(edit_distance(refs[u].split(), p) for u, p, _ in kept)
            eh = sum(edit_distance(refs[u].split(), h) for u, _, h in kept)
            print(f"| {t:.1f} | {len(kept)}/{len(rows)} | {w} | {100 * ep / max(1, w):.1f} % | {100 * eh / max(1, w):.1f} % "
                  f"| {100 * all_ps / max(1, all_w):.1f} / {100 * all_h / max(1, all_w):.1f} % |")
        return
    kept = [(u, p, h) for u, p, h, d in rows if d <= a.agree]
    with open(a.out, "w", encoding="utf-8") as f:
        for u, p, h in kept:
            f.write(f"{u}\t{os.path.abspath(audio[u])}\t{' '.join(p if a.label == 'ps' else h)}\t{u.split('-')[0]}\n")
    print(f"{len(kept)} of {len(rows)} utterances kept (agreement <= {a.agree}), labels from {a.label}: {a.out}")


if __name__ == "__main__":
    main()
