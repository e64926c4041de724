#!/usr/bin/env python3
"""Which words are worth checking? For each recognised word (WordScoreProbe.java output beside the `sws transcribe
--format json` files it read), the label is whether it matches the reference in a minimal edit alignment of the file.
Detectors, each a logistic model over:
  conf      the recogniser's word confidence (logit)
  lm        + the masked LM's log-probability of the word in its sentence (left out, 0, in spelled segments: mostly
            single letters or digit words, where the LM knows nothing of what was said — the rescorer's guard)
  nbest     + the word's n-best agreement: the posterior (softmax of the hypotheses' log-probabilities) of the
            segment's hypotheses in which the word is aligned to itself
  all       conf + lm + nbest
Scored two ways: per set, 2-fold cross-validated by file; and across sets, fitted on the other sets only (what one
shipped combination would do on a kind of recording it was not fitted on). Reported: ROC AUC and, marking as many
words as "confidence < 0.5" does, the share of marked words that are wrong (precision) and of wrong words marked.
Then the rules with nothing fitted: the confidence, the agreement, their product (what the recogniser now reports as
a word's confidence: NBestAgreement.java) and its square root, each marked under 0.5. The JSON files must come from a
recogniser that reported the tokens' mean probability as the confidence (before NBestAgreement).

Usage: /usr/bin/python3 -m training.corrector.word_check NAME=MANIFEST.tsv:WORDS.tsv:JSON_DIR ... [--weights OUT.json]
"""
import argparse
import collections
import csv
import json
import math
import os

import numpy as np

DIGITS = {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
MODELS = {"conf": [0], "lm": [0, 1], "nbest": [0, 2], "all": [0, 1, 2]}


def align_pairs(a, b):
    """Minimal edit alignment of word lists: for each word of b, is it aligned to an equal word of a?"""
    n, m = len(a), len(b)
    d = np.zeros((n + 1, m + 1), dtype=np.int32)
    d[:, 0] = np.arange(n + 1)
    d[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (a[i - 1] != b[j - 1]))
    ok = [False] * m
    i, j = n, m
    while i > 0 and j > 0:
        if d[i, j] == d[i - 1, j - 1] + (a[i - 1] != b[j - 1]):
            ok[j - 1] = a[i - 1] == b[j - 1]
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return ok


def spelled(words):
    return 2 * sum(1 for w in words if len(w) == 1 or w in DIGITS) >= len(words)


def agreement(top, nbest):
    """Per word of the top hypothesis: the posterior mass of the distinct hypotheses that keep it."""
    seen, hyps = set(), []
    for h in nbest:
        t = h["text"].lower().split()
        if " ".join(t) not in seen:
            seen.add(" ".join(t))
            hyps.append((t, h["logProb"]))
    if not hyps:
        return [1.0] * len(top)
    lp = np.array([x[1] for x in hyps])
    post = np.exp(lp - lp.max())
    post /= post.sum()
    agree = np.zeros(len(top))
    for (t, _), p in zip(hyps, post):
        agree += p * np.array(align_pairs(t, top), dtype=float)
    return list(agree)


def features(conf, lm, agree, spelt):
    c = min(max(conf, 1e-4), 1 - 1e-4)
    a = min(max(agree, 1e-3), 1 - 1e-3)
    return [math.log(c / (1 - c)), 0.0 if spelt else lm, math.log(a / (1 - a))]


def load(spec):
    name, paths = spec.split("=", 1)
    manifest, words_tsv, json_dir = paths.split(":")
    refs = {}
    with open(manifest) as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            refs[os.path.splitext(os.path.basename(row["path"]))[0]] = row["normalized"].split()
    lms = collections.defaultdict(dict)
    with open(words_tsv) as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            lms[r["file"]][(int(r["seg"]), int(r["word"]))] = float(r["mlm"])
    rows = []   # (file, wrong, features)
    for fname in sorted(os.listdir(json_dir)):
        key = os.path.splitext(fname)[0]
        if not fname.endswith(".json") or key not in refs:
            continue
        j = json.load(open(os.path.join(json_dir, fname)))
        hyp, feats = [], []
        for si, s in enumerate(j["segments"]):
            words = [w["word"].lower() for w in s["words"]]
            agree = agreement(words, s.get("nbest", []))
            spelt = spelled(words)
            for wi, w in enumerate(s["words"]):
                lm = lms[fname].get((si, wi))
                if lm is None:
                    break           # the probe skipped a segment whose normalised words differ: leave it out
                hyp.append(words[wi])
                feats.append(features(w["confidence"], lm, agree[wi], spelt))
        for ok, x in zip(align_pairs(refs[key], hyp), feats):
            rows.append((key, 0 if ok else 1, x))
    return name, rows


def fit(x, y, l2=1e-3):
    """Logistic regression by Newton's method (bias first); x (n, k)."""
    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        g = x.T @ (p - y) + l2 * w
        h = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(h, g)
    return w


def score(w, x):
    return np.hstack([np.ones((len(x), 1)), x]) @ w


def auc(s, y):
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ss = s[order]
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and ss[j] == ss[i]:
            j += 1
        ranks[order[i:j]] = (i + j + 1) / 2
        i = j
    pos = y.sum()
    return (ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * (len(y) - pos))


def at_marks(s, y, n):
    top = np.argsort(-s, kind="mergesort")[:n]
    return y[top].sum() / max(1, n), y[top].sum() / max(1, y.sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--weights", help="write the 'all' model fitted on every set here (JSON)")
    a = ap.parse_args()
    sets = [load(s) for s in a.sets]
    print("| set | words (wrong) | model | AUC, 2-fold by file | AUC, fitted on the other sets | precision / recall at "
          "the marks of confidence < 0.5, other sets' fit |")
    print("|---|---|---|---|---|---|")
    for name, rows in sets:
        y = np.array([r[1] for r in rows], dtype=float)
        x = np.array([r[2] for r in rows])
        files = sorted({r[0] for r in rows})
        fold = np.array([files.index(r[0]) % 2 for r in rows])
        marks = int((x[:, 0] < 0).sum())        # logit(confidence) < 0: confidence < 0.5
        others = [r for n, rs in sets if n != name for r in rs]
        xo = np.array([r[2] for r in others])
        yo = np.array([r[1] for r in others], dtype=float)
        for m, cols in MODELS.items():
            cv = np.zeros(len(y))
            for f in (0, 1):
                w = fit(x[fold != f][:, cols], y[fold != f])
                cv[fold == f] = score(w, x[fold == f][:, cols])
            cross = score(fit(xo[:, cols], yo), x[:, cols])
            p, r = at_marks(cross, y, marks)
            print(f"| {name} | {len(y)} ({int(y.sum())}) | {m} | {auc(cv, y):.3f} | {auc(cross, y):.3f} | "
                  f"{p:.3f} / {r:.3f} (marks {marks}) |")
    print()
    print("| set | rule (nothing fitted) | AUC | marked under 0.5 | precision | recall |")
    print("|---|---|---|---|---|---|")
    sig = lambda z: 1 / (1 + np.exp(-z))
    for name, rows in sets:
        y = np.array([r[1] for r in rows], dtype=float)
        x = np.array([r[2] for r in rows])
        conf, agree = sig(x[:, 0]), sig(x[:, 2])
        for rule, c in (("confidence", conf), ("agreement", agree), ("confidence x agreement", conf * agree),
                        ("sqrt(confidence x agreement)", np.sqrt(conf * agree))):
            m = c < 0.5
            print(f"| {name} | {rule} | {auc(-c, y):.3f} | {int(m.sum())} | {y[m].sum() / max(1, m.sum()):.3f} | "
                  f"{y[m].sum() / y.sum():.3f} |")
    if a.weights:
        rows = [r for _, rs in sets for r in rs]
        w = fit(np.array([r[2] for r in rows]), np.array([r[1] for r in rows], dtype=float))
        json.dump({"bias": w[0], "confidence_logit": w[1], "mlm_logprob": w[2], "nbest_agreement_logit": w[3]},
                  open(a.weights, "w"), indent=1)
        print("weights (P(wrong) = sigmoid):", [round(v, 4) for v in w])


if __name__ == "__main__":
    main()
