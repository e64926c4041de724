#!/usr/bin/env python3
"""How much does a better chooser among the recogniser's n-best recover? Reads `sws transcribe
--format json` outputs and ranks every setting of a small family of choosers by the word errors on the TUNING sets;
the other sets are reported at the same settings, never tuned on. Over the first 8 hypotheses of each segment:

    score = asr + lam * lm + beta * words - gamma * oov        (natural logs; oov: words the trigram does not know)

then either the best score (T = argmax) or minimum Bayes risk: the hypothesis with the least expected word edit
distance to the others, posteriors proportional to exp(score / T). A segment of one word is kept as heard, as the
product's lone-word rule does (TranscriptCorrector.isLoneWord). A file's hypothesis is its segments' choices joined.

Usage: python3 -m training.corrector.choose_probe --arpa models/house-corrector-en-s1/ngram.arpa.gz --tune NAME:MANIFEST.tsv:JSON_DIR [...] \
           [--report NAME:MANIFEST.tsv:JSON_DIR ...] [--guard NAME:POINTS] [--oracle]
(MANIFEST.tsv: path and normalised reference; JSON_DIR: the transcribe outputs, one <name>.json per audio file.)
"""
import argparse
import glob
import itertools
import json
import math
import os

from training.corrector.ngram_rerank import Arpa
from training.corrector.rerank_eval import edit_distance  # (training/asr/decode.py's)

K = 8
GRID = list(itertools.product((0.1, 0.2, 0.3, 0.5, 0.8), (0.0, 1.0, 2.0, 3.0, 4.0), (0, 1, 2, 4, 8),
                              (None, 0.5, 1, 2, 4)))
SHIPPED = (0.15, 1.5, 0, None)   # the corrector's sws_ngram rescoring before this probe


def load(spec, lm, vocab):
    name, manifest, folder = spec.split(":")
    refs = {}
    for line in open(manifest).read().splitlines()[1:]:
        path, ref = line.split("\t")[:2]
        refs[os.path.splitext(os.path.basename(path))[0]] = ref.split()
    segs = {}
    for f in glob.glob(os.path.join(folder, "*.json")):
        o = json.load(open(f))
        segs[os.path.splitext(o["source"])[0]] = [s for s in o["segments"] if s["nbest"]]
    for ss in segs.values():
        for s in ss:
            h = s["nbest"] = s["nbest"][:K]
            for x in h:
                x["w"] = x["text"].split()
                x["lm"] = lm.logprob(x["text"])
                x["oov"] = sum(1 for t in x["w"] if t not in vocab)
            s["dist"] = [[edit_distance(a["w"], b["w"]) for b in h] for a in h]
    return name, refs, segs


def chooser(lam, beta, gamma, temp):
    def choose(s, first):
        h = s["nbest"]
        if first and len(h[0]["w"]) <= 1:
            return 0   # a lone word is kept as heard
        sc = [x["logProb"] + lam * x["lm"] + beta * len(x["w"]) - gamma * x["oov"] for x in h]
        if temp is None:
            return max(range(len(h)), key=sc.__getitem__)
        top = max(sc)
        p = [math.exp((v - top) / temp) for v in sc]
        risk = [sum(p[j] * s["dist"][i][j] for j in range(len(h))) for i in range(len(h))]
        return min(range(len(h)), key=lambda i: (risk[i], -sc[i]))
    return choose


def errors(data, choose):
    _, refs, segs = data
    e = 0
    for key, ref in refs.items():
        hyp = []
        for n, s in enumerate(segs.get(key, [])):
            hyp += s["nbest"][choose(s, n == 0)]["w"]
        e += edit_distance(ref, hyp)
    return e


def oracle(data):
    _, refs, segs = data
    e = 0
    for key, ref in refs.items():   # segments one at a time, the others fixed at their best so far (NBestOracle's way)
        ss = segs.get(key, [])

        def errors_of(p):
            return edit_distance(ref, sum((t["nbest"][k]["w"] for t, k in zip(ss, p)), []))
        pick = [0] * len(ss)
        current = errors_of(pick)
        improved = True
        while improved:
            improved = False
            for i, s in enumerate(ss):
                for j in range(len(s["nbest"])):
                    trial = pick[:i] + [j] + pick[i + 1:]
                    trial_errors = errors_of(trial)
                    if trial_errors < current:
                        pick, current, improved = trial, trial_errors, True
        e += current
    return e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arpa", required=True)
    ap.add_argument("--tune", action="append", required=True)
    ap.add_argument("--report", action="append", default=[])
    ap.add_argument("--oracle", action="store_true")
    ap.add_argument("--guard", action="append", default=[], metavar="NAME:POINTS",
                    help="a --report set that may not get worse than its top hypothesis by more than POINTS")
    a = ap.parse_args()
    lm = Arpa(a.arpa)
    vocab = {g[0] for g in lm.p if len(g) == 1}
    tune = [load(s, lm, vocab) for s in a.tune]
    report = [load(s, lm, vocab) for s in a.report]
    words = {d[0]: sum(len(r) for r in d[1].values()) for d in tune + report}

    def cells(row):
        return "  ".join(f"{d[0]} {100 * e / words[d[0]]:6.2f}" for d, e in zip(tune + report, row))

    top = [errors(d, lambda s, f: 0) for d in tune + report]
    print(f"top hypothesis       {cells(top)}")
    print(f"shipped rescoring    {cells([errors(d, chooser(*SHIPPED)) for d in tune + report])}")
    if a.oracle:
        print(f"oracle of {K}          {cells([oracle(d) for d in tune + report])}")
    guards = {n: float(p) for n, p in (x.split(":") for x in a.guard)}
    rows = []
    for g in GRID:
        ch = chooser(*g)
        if any(100 * (errors(d, ch) - e0) / words[d[0]] > guards[d[0]]
               for d, e0 in zip(report, top[len(tune):]) if d[0] in guards):
            continue
        t = [errors(d, ch) for d in tune]
        closeness = abs(g[0] - SHIPPED[0]) + abs(g[1] - SHIPPED[1])
        rows.append((sum(t), g[3] is not None, g[2], closeness, g, t))
    rows.sort(key=lambda r: r[:4])
    print(f"best 10 of {len(rows)} settings ({len(GRID)} less those a --guard set refuses) by the tuning sets' errors "
          "(lam, beta, gamma, T; T None = argmax):")
    for r in rows[:10]:
        g = r[4]
        print(f"  {str(g):24s} {cells(r[5] + [errors(d, chooser(*g)) for d in report])}")


if __name__ == "__main__":
    main()
