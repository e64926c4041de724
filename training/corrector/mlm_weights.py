#!/usr/bin/env python3
"""Chooses the weights of masked-LM n-best rescoring and reports what they do. Each segment's hypotheses are scored
    asr + lam * pll + beta * words
(natural logs; pll: the pseudo-log-likelihood that MlmScoreProbe.java writes; beta offsets the LM's cost per word) and
the best one replaces the first. The corrector's guards apply: a one-word first segment stays, and a choice outside the
length window (half the first hypothesis's words less one .. 1.5 times plus two) is not taken.

Weights are chosen on the TUNING sets (summed errors), then every set is reported at those weights; with --folds 2 each
set is also reported by two-fold cross-validation (weights chosen on one half of its files, applied to the other).

Usage: python3 -m training.corrector.mlm_weights --tune NAME[,NAME] [--folds 2] NAME=MANIFEST.tsv:SCORES.tsv ...
"""
import argparse
import collections
import csv
import itertools
import os
import sys

from training.asr.decode import edit_distance  # (the WER of ./sws eval)


def load(manifest, scores):
    refs = {}
    with open(manifest) as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            refs[os.path.splitext(os.path.basename(row["path"]))[0]] = row["normalized"]
    segs = collections.defaultdict(lambda: collections.defaultdict(list))
    with open(scores) as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = os.path.splitext(row["file"])[0]
            if not (row["text"] or "").strip() and row["hyp"] != "0":
                continue                   # as PseudoLikelihood does: an empty hypothesis is no candidate
            segs[key][int(row["seg"])].append((row["text"], int(row["words"]), float(row["asr"]), float(row["pll"])))
    files = {k: [segs[k][i] for i in sorted(segs[k])] for k in refs}
    return refs, files


def in_window(top, n):
    return top * 0.5 - 1 <= n <= top * 1.5 + 2


DIGITS = {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}


def spelled(text):
    """Mostly single letters or digit words (AN4's "p i t t s b u r g h", digit strings): a masked LM has no say."""
    w = text.split()
    return 2 * sum(1 for x in w if len(x) == 1 or x in DIGITS) >= len(w)


def choose(seg, first, lam, beta, k):
    hyps = seg[:k]
    top = hyps[0]
    if first and top[1] == 1:          # a lone word: only its sound can tell
        return top[0]
    if spelled(top[0]):
        return top[0]
    best = max(hyps, key=lambda h: h[2] + lam * h[3] + beta * h[1])
    return best[0] if in_window(top[1], best[1]) else top[0]


def errors(refs, files, keys, lam, beta, k):
    e = w = harm = right = 0
    for key in keys:
        segs = files.get(key, [])
        text = " ".join(choose(s, i == 0, lam, beta, k) for i, s in enumerate(segs) if s)
        top = " ".join(s[0][0] for s in segs if s)
        ref = refs[key].split()
        e += edit_distance(ref, text.split())
        w += len(ref)
        if edit_distance(ref, top.split()) == 0:
            right += 1
            harm += text != top
    return e, w, harm, right


GRID_LAM = [x / 100 for x in range(0, 61, 2)]
GRID_BETA = [x / 4 for x in range(-4, 25)]


def best_weights(sets, keysets, k):
    best = None
    for lam, beta in itertools.product(GRID_LAM, GRID_BETA):
        e = sum(errors(*sets[n], keysets[n], lam, beta, k)[0] for n in keysets)
        if best is None or e < best[0]:
            best = (e, lam, beta)
    return best[1], best[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tune", required=True, help="comma-separated names of the tuning sets")
    ap.add_argument("--hyps", type=int, default=8)
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("sets", nargs="+", help="NAME=MANIFEST.tsv:SCORES.tsv")
    a = ap.parse_args()
    sets = {}
    for s in a.sets:
        name, paths = s.split("=", 1)
        sets[name] = load(*paths.split(":"))
    tune = a.tune.split(",")
    lam, beta = best_weights(sets, {n: sorted(sets[n][0]) for n in tune}, a.hyps)
    print(f"weights chosen on {'+'.join(tune)} ({a.hyps} hypotheses): lam {lam} beta {beta}")
    print("| set | words | first hypothesis WER % | rescored WER % | relative | harmful on correct files |")
    print("|---|---|---|---|---|---|")
    for n, (refs, files) in sets.items():
        keys = sorted(refs)
        e0, w, _, _ = errors(refs, files, keys, 0, 0, 1)
        e1, _, harm, right = errors(refs, files, keys, lam, beta, a.hyps)
        print(f"| {n}{' (tuning)' if n in tune else ''} | {w} | {100 * e0 / w:.2f} | {100 * e1 / w:.2f} | "
              f"{100 * (e1 - e0) / max(e0, 1):+.1f} % | {harm}/{right} |")
    if a.folds:
        print(f"\n{a.folds}-fold cross-validation within each set (files split by position):")
        for n, (refs, files) in sets.items():
            keys = sorted(refs)
            e0 = e1 = w = harm = right = 0
            for f in range(a.folds):
                test = [x for i, x in enumerate(keys) if i % a.folds == f]
                train = [x for i, x in enumerate(keys) if i % a.folds != f]
                l, b = best_weights(sets, {n: train}, a.hyps)
                r0 = errors(refs, files, test, 0, 0, 1)
                r1 = errors(refs, files, test, l, b, a.hyps)
                e0, e1, w = e0 + r0[0], e1 + r1[0], w + r0[1]
                harm, right = harm + r1[2], right + r1[3]
                print(f"  {n} fold {f}: lam {l} beta {b}")
            print(f"| {n} | {w} | {100 * e0 / w:.2f} | {100 * e1 / w:.2f} | {100 * (e1 - e0) / max(e0, 1):+.1f} % | {harm}/{right} |")


if __name__ == "__main__":
    sys.exit(main())
