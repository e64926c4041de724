#!/usr/bin/env python3
"""Compares two models' `./sws eval tts` outputs over the evaluation and tuning sets: word-weighted WER per voice over
both sets (76 + 114 words per voice) and, per sentence and voice, how many got better / worse / stayed equal, with a
two-sided sign test, for PocketSphinx ("sphinx") and our ASR ("ours"). With two files, one set (e.g. names.txt): its
per-voice WER and the same per-sentence counts.

Usage: compare_evals.py OLD_EVAL OLD_TUNING NEW_EVAL NEW_TUNING
       compare_evals.py OLD NEW
"""
import math
import re
import sys

WORDS = (76, 114)   # words per voice in training/tts/eval/sentences.txt and tuning.txt


def read(path):
    per, summary = {}, {}
    for line in open(path):
        m = re.match(r"(\w+) (\d+)/\d+: sphinx ([\d.]+)%, ours ([\d.]+)%", line)
        if m:
            per[(m[1], int(m[2]))] = (float(m[3]), float(m[4]))
        m = re.match(r"house: (\w+)\s+([\d.]+)%\s+([\d.]+)%", line)
        if m:
            summary[m[1]] = (float(m[2]), float(m[3]))
    return per, summary


def sign_test(better, worse):
    n, k = better + worse, min(better, worse)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0


def main():
    files = sys.argv[1:]
    if len(files) not in (2, 4):
        sys.exit(__doc__)
    half = len(files) // 2
    old, new = [read(f) for f in files[:half]], [read(f) for f in files[half:]]
    weights = WORDS if half == 2 else (1,)
    for r, name in ((0, "sphinx"), (1, "ours")):
        better = worse = equal = 0
        for o, n in zip(old, new):
            for key, v in o[0].items():
                a, b = v[r], n[0][key][r]
                better, worse, equal = better + (b < a), worse + (b > a), equal + (b == a)

        def pooled(sets):
            return {v: round(sum(s[1][v][r] * w for s, w in zip(sets, weights)) / sum(weights), 1) for v in sets[0][1]}
        po, pn = pooled(old), pooled(new)
        print(name, "old", po, round(sum(po.values()) / len(po), 1), "new", pn, round(sum(pn.values()) / len(pn), 1),
              f"better {better} worse {worse} equal {equal} p={sign_test(better, worse):.3f}")


if __name__ == "__main__":
    main()
