#!/usr/bin/env python3
"""The corrector's word n-gram LM: interpolated Kneser-Ney (one discount per order, 0.75) over the ASR recipe's text
corpus, written in the ARPA format (log10 probabilities and back-off weights), so the Java side reads it with the same
reader a user's KenLM / SRILM model goes through (NgramLm.java).

Counts follow the ARPA convention: one <s> per sentence; the highest order and n-grams that start with <s> keep their
raw counts, lower orders use continuation counts (how many distinct words precede them). Pruning drops n-grams of order
>= 2 whose (adjusted) count is below --cutoff, unless a kept higher-order n-gram needs them as its context; the mass
they held moves to their context's back-off weight, so every distribution still sums to one.

Lines equal to a reference of an --exclude manifest are dropped (the dev references never reach the LM).

Usage: build_ngram.py --corpus corpus.txt --exclude training/data/manifests/allison-dev.tsv --cutoffs 1,2,3 \
           --out ngram.arpa.gz [--attach models/house-corrector-en-s1]
--attach copies the LM into a corrector folder as ngram.arpa.gz, adds "sws_ngram" (RESCORING, the settings chosen by
choose_probe.py) and "sws_rewrite" (REWRITE) to its config.json and scored sentences to its golden.json (NgramLm.java must agree);
then run training/common/write_manifest.py on the folder.
"""
import argparse
import collections
import gzip
import io
import json
import math
import os
import shutil

# chosen by choose_probe.py on two synthetic tuning sets (house TTS voices read by the fused recogniser; training/README);
# the earlier settings, chosen on allison-train by ngram_rerank.py, were weight 0.15, word_bonus 1.5
RESCORING = {"file": "ngram.arpa.gz", "weight": 0.2, "word_bonus": 1.0, "oov_penalty": 2, "margin": 0.0, "hyps": 8}
# the house model's rewrite is off: on the same tuning sets it cost more words than it fixed (ADR 0008)
REWRITE = False
GOLDEN = ["please enter your conference number followed by the pound key", "agent log off", "agent log daugh",
          "the the the", "zyxwv qqq", ""]

D = 0.75


def build(sentences, order=3, cutoffs=(1, 1, 2)):
    raw = [collections.Counter() for _ in range(order + 1)]
    for s in sentences:
        w = ["<s>"] + s.split() + ["</s>"]
        for k in range(1, order + 1):
            for i in range(max(k - 1, 0), len(w)):
                raw[k][tuple(w[i - k + 1:i + 1])] += 1   # <s> only ever opens an n-gram
    adj = [collections.Counter() for _ in range(order + 1)]
    adj[order] = raw[order]
    for k in range(order - 1, 0, -1):
        for g in raw[k + 1]:
            adj[k][g[1:]] += 1
        for g, c in raw[k].items():
            if g[0] == "<s>":
                adj[k][g] = c
    adj[1].pop(("<s>",), None)
    # pruning, highest order first so that kept n-grams protect their contexts
    kept = [set() for _ in range(order + 1)]
    kept[1] = set(adj[1])
    needed = set()
    for k in range(order, 1, -1):
        kept[k] = {g for g, c in adj[k].items() if c >= cutoffs[k - 1] or g in needed}
        needed = {g[:-1] for g in kept[k]} | {g[1:] for g in kept[k]}
    vocab = sorted(g[0] for g in adj[1]) + ["<unk>"]
    probs = [dict() for _ in range(order + 1)]
    bows = [dict() for _ in range(order + 1)]
    total1 = sum(adj[1].values())
    gamma0 = D * len(adj[1]) / total1
    for w in vocab:
        probs[1][(w,)] = max(adj[1].get((w,), 0) - D, 0) / total1 + gamma0 / len(vocab)
    for k in range(2, order + 1):
        tot, kept_types, pruned = collections.Counter(), collections.Counter(), collections.Counter()
        for g, c in adj[k].items():
            tot[g[:-1]] += c
            if g in kept[k]:
                kept_types[g[:-1]] += 1
            else:
                pruned[g[:-1]] += c
        for h in tot:
            bows[k - 1][h] = (D * kept_types[h] + pruned[h]) / tot[h]
        for g in kept[k]:
            h = g[:-1]
            probs[k][g] = (adj[k][g] - D) / tot[h] + bows[k - 1][h] * lower(probs, bows, g[1:])
    return probs, bows


def lower(probs, bows, g):
    """P(g[-1] | g[:-1]) with ARPA back-off over the tables built so far."""
    if g in probs[len(g)]:
        return probs[len(g)][g]
    if len(g) == 1:
        return probs[1][("<unk>",)]
    return bows[len(g) - 1].get(g[:-1], 1.0) * lower(probs, bows, g[1:])


def write_arpa(path, probs, bows):
    order = len(probs) - 1
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz, \
            io.TextIOWrapper(gz, encoding="utf-8") as f:   # mtime 0: the same corpus gives the same bytes
        f.write("\\data\\\n")
        n1 = len(probs[1]) + 1
        f.write(f"ngram 1={n1}\n")
        for k in range(2, order + 1):
            f.write(f"ngram {k}={len(probs[k])}\n")
        for k in range(1, order + 1):
            f.write(f"\n\\{k}-grams:\n")
            entries = sorted(probs[k].items())
            if k == 1:
                entries = [(("<s>",), None)] + entries
            for g, p in entries:
                lp = -99.0 if p is None else math.log10(p)
                line = f"{lp:.6f}\t{' '.join(g)}"
                if k < order and g in bows[k]:
                    line += f"\t{math.log10(bows[k][g]):.6f}"
                f.write(line + "\n")
        f.write("\n\\end\\\n")


def read_corpus(path, exclude):
    banned = set()
    for m in exclude:
        banned |= {l.split("\t")[1] for l in open(m).read().splitlines()[1:]}
    lines = [l.strip() for l in open(path) if l.strip()]
    kept = [l for l in lines if l not in banned]
    return kept, len(lines) - len(kept)


def attach(folder, arpa):
    from ngram_rerank import Arpa
    shutil.copyfile(arpa, os.path.join(folder, RESCORING["file"]))
    path = os.path.join(folder, "config.json")
    cfg = json.load(open(path))
    cfg["sws_ngram"] = RESCORING
    cfg["sws_rewrite"] = REWRITE
    json.dump(cfg, open(path, "w"), indent=2)
    lm = Arpa(arpa)
    path = os.path.join(folder, "golden.json")
    golden = json.load(open(path))
    golden["ngram"] = [{"text": t, "logprob": lm.logprob(t)} for t in GOLDEN]
    json.dump(golden, open(path, "w"), indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--order", type=int, default=3)
    ap.add_argument("--cutoffs", default="1,1,2", help="minimum adjusted count per order (unigrams are all kept)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--attach", help="corrector folder to ship the LM in")
    a = ap.parse_args()
    sentences, dropped = read_corpus(a.corpus, a.exclude)
    probs, bows = build(sentences, a.order, tuple(int(x) for x in a.cutoffs.split(",")))
    write_arpa(a.out, probs, bows)
    print(f"{len(sentences)} lines ({dropped} dropped as excluded references); n-grams "
          + ", ".join(f"{k}: {len(probs[k])}" for k in range(1, a.order + 1)))
    if a.attach:
        attach(a.attach, a.out)


if __name__ == "__main__":
    main()
