#!/usr/bin/env python3
"""Would the masked LM help mark the words worth checking? For each recognised word (WordScoreProbe.java output), the
label is whether it matches the reference in a minimal edit alignment of the file; the detectors are the recogniser's
confidence alone and a logistic model of (logit confidence, LM log-probability), fitted per set and 2-fold
cross-validated by file (weights chosen on one half of the files, scored on the other).

Usage: /usr/bin/python3 word_check.py NAME=MANIFEST.tsv:WORDS.tsv ...
"""
import collections
import csv
import math
import os
import sys


def align_ok(ref, hyp):
    """For each hypothesis word: is it aligned to an equal reference word (minimal edit distance)?"""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    ok = [False] * m
    i, j = n, m
    while i > 0 and j > 0:
        if d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            ok[j - 1] = ref[i - 1] == hyp[j - 1]
            i, j = i - 1, j - 1
        elif d[i][j] == d[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return ok


def auc(scores, labels):
    """ROC AUC of scores (higher = more likely wrong) against labels (1 = wrong), ties averaged."""
    pairs = sorted(zip(scores, labels))
    pos = sum(labels)
    neg = len(labels) - pos
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (i + j + 1) / 2 * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def feats(conf, lm):
    c = min(max(conf, 1e-4), 1 - 1e-4)
    return [1.0, math.log(c / (1 - c)), lm]


def fit(rows):
    w = [0.0, 0.0, 0.0]
    for _ in range(300):
        g = [0.0] * 3
        for wrong, conf, lm in rows:
            x = feats(conf, lm)
            p = 1 / (1 + math.exp(-max(-30, min(30, sum(a * b for a, b in zip(w, x))))))
            for k in range(3):
                g[k] += (p - wrong) * x[k]
        w = [a - 0.5 * b / len(rows) for a, b in zip(w, g)]
    return w


def main():
    for spec in sys.argv[1:]:
        name, paths = spec.split("=", 1)
        manifest, words_tsv = paths.split(":")
        refs = {}
        with open(manifest) as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                refs[os.path.splitext(os.path.basename(row["path"]))[0]] = row["normalized"].split()
        words = collections.defaultdict(list)
        with open(words_tsv) as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                words[os.path.splitext(r["file"])[0]].append(
                    (int(r["seg"]), int(r["word"]), r["text"].lower(), float(r["confidence"]), float(r["mlm"])))
        data = []   # (file, wrong, confidence, lm)
        for key, ws in words.items():
            if key in refs:
                ws.sort()
                for w, ok in zip(ws, align_ok(refs[key], [x[2] for x in ws])):
                    data.append((key, 0 if ok else 1, w[3], w[4]))
        labels = [d[1] for d in data]
        files = sorted({d[0] for d in data})
        scores = {}
        for fold in range(2):
            test = set(files[fold::2])
            w = fit([d[1:] for d in data if d[0] not in test])
            for i, d in enumerate(data):
                if d[0] in test:
                    scores[i] = sum(a * b for a, b in zip(w, feats(d[2], d[3])))
        combined = [scores[i] for i in range(len(data))]
        marked = [i for i, d in enumerate(data) if d[2] < 0.5]
        top = sorted(range(len(data)), key=lambda i: -combined[i])[:len(marked)]
        prec = lambda idx: sum(data[i][1] for i in idx) / max(1, len(idx))
        rec = lambda idx: sum(data[i][1] for i in idx) / max(1, sum(labels))
        print(f"{name}: {len(data)} words, {sum(labels)} wrong; ROC AUC confidence {auc([-d[2] for d in data], labels):.3f}, "
              f"LM alone {auc([-d[3] for d in data], labels):.3f}, both (2-fold) {auc(combined, labels):.3f}; marking the "
              f"{len(marked)} words under confidence 0.5: precision {prec(marked):.3f} recall {rec(marked):.3f}, the same "
              f"number by both: precision {prec(top):.3f} recall {rec(top):.3f}; weights on all: "
              f"{[round(x, 3) for x in fit([d[1:] for d in data])]}")


if __name__ == "__main__":
    sys.exit(main())
