#!/usr/bin/env python3
"""Does a word n-gram LM pick the right hypothesis where the corrector's own LM cannot? Reads an ARPA
LM (build_ngram.py) and reranks the recogniser's n-best lists by
    asr + lam * lm + beta * words          (natural logs; beta rewards length, as LM scores fall with every word)
switching off the top hypothesis only when that gains at least `margin`; "combined" keeps the shipped corrector's
change where it made one and reranks the rest. Settings are ranked on the FIRST set (the tuning set); the other sets are
reported at the same settings, so they are not tuned on. Input: the JSON lines dev.sws.app.tools.LmRerankProbe (app test sources) writes (see
rerank_eval.py for the commands that make them).

Usage: python3 -m training.corrector.ngram_rerank --arpa ngram.arpa.gz TUNING.tsv TUNING.jsonl [TEST.tsv TEST.jsonl ...]
"""
import argparse
import gzip
import math
import os

from training.corrector.rerank_eval import load, wer, top, shipped


class Arpa:
    """A back-off word n-gram LM read from an ARPA file (as build_ngram.py writes it); natural-log scores."""

    def __init__(self, path):
        self.p, self.bow, self.n = {}, {}, 0
        with (gzip.open(path, "rt") if path.endswith(".gz") else open(path)) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 2 or line.startswith("ngram "):
                    continue
                g = tuple(parts[1].split(" "))
                self.n = max(self.n, len(g))
                self.p[g] = float(parts[0]) * math.log(10)
                if len(parts) > 2:
                    self.bow[g] = float(parts[2]) * math.log(10)

    def word(self, history, w):
        g = tuple(history[-(self.n - 1):]) + (w,) if self.n > 1 else (w,)
        back = 0.0
        while g:
            if g in self.p:
                return back + self.p[g]
            if len(g) == 1:
                return back + self.p[("<unk>",)]
            back += self.bow.get(g[:-1], 0.0)
            g = g[1:]

    def logprob(self, text):
        w = ["<s>"] + text.split() + ["</s>"]
        return sum(self.word(w[:i], w[i]) for i in range(1, len(w)))


def rerank(lam, beta, margin, k=8):
    def choose(s):
        if "hyps" not in s:
            return s["text"]
        h = s["hyps"][:k]
        score = [x["asr"] + lam * x["ng"] + beta * len(x["text"].split()) for x in h]
        best = max(range(len(h)), key=score.__getitem__)
        return h[best]["text"] if score[best] - score[0] >= margin else h[0]["text"]
    return choose


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arpa", required=True, help="the LM (build_ngram.py --out)")
    ap.add_argument("sets", nargs="+", help="pairs of MANIFEST.tsv LISTS.jsonl")
    a = ap.parse_args()
    lm = Arpa(a.arpa)
    grid = [(lam, beta, margin) for lam in (0.05, 0.1, 0.15, 0.2, 0.3, 0.5) for beta in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
            for margin in (0.0, 0.5, 1.0, 2.0)]
    sets = []
    for manifest, jsonl in zip(a.sets[::2], a.sets[1::2]):
        refs, segs = load(manifest, jsonl)
        for ss in segs.values():
            for s in ss:
                for x in s.get("hyps", []):
                    x["ng"] = lm.logprob(x["text"])
        sets.append((os.path.basename(manifest), refs, segs))
        print(f"{os.path.basename(manifest)}: top {wer(refs, segs, top):.2f} %, shipped correction "
              f"{wer(refs, segs, shipped):.2f} %")
    for name, pick in (("rerank", rerank), ("combined", combined)):
        rows = sorted(([wer(r, s, pick(*g)) for _, r, s in sets], g) for g in grid)
        print(f"== {name}, best 5 settings on {sets[0][0]}")
        for ws, (lam, beta, margin) in rows[:5]:
            print(f"  lam {lam:.2f} beta {beta:.1f} margin {margin:.1f}: "
                  + "  ".join(f"{n} {w:.2f} %" for (n, _, _), w in zip(sets, ws)))


def combined(lam, beta, margin):
    ng = rerank(lam, beta, margin)

    def choose(s):
        c = shipped(s)
        return c if c != s["text"] else ng(s)
    return choose


if __name__ == "__main__":
    main()
