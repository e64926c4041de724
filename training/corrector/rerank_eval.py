#!/usr/bin/env python3
"""Can the house corrector's LM pick the right hypothesis? Reranks n-best lists by LM log-probability of each
hypothesis given the corrector's prompt plus lambda times the recogniser's log-probability (switching away from the top
hypothesis only when the score gains at least a margin), next to the top hypothesis and the shipped generative
correction. Input: the JSON lines dev.sws.app.tools.LmRerankProbe (app test sources) writes from `./sws transcribe --format json` outputs.

Usage:
  ./sws transcribe --quiet --format json --out /tmp/nb/dev $(tail -n +2 MANIFEST.tsv | cut -f1 | sed "s#^#DIR/#")
  java -Xss8m -cp "$(cat app/target/runtime-classpath.txt)" training/corrector/LmRerankProbe.java \
      models/house-corrector-en-s1 /tmp/nb/dev.jsonl /tmp/nb/dev/*.json
  rerank_eval.py MANIFEST.tsv /tmp/nb/dev.jsonl
"""
import collections
import json
import os
import sys

from training.asr.decode import edit_distance


def load(manifest, jsonl):
    refs = {}
    for line in open(manifest).read().splitlines()[1:]:
        path, ref = line.split("\t")[:2]
        refs[os.path.splitext(os.path.basename(path))[0]] = ref
    segs = collections.defaultdict(list)
    for line in open(jsonl):
        o = json.loads(line)
        segs[os.path.splitext(o["source"])[0]].append(o)
    return refs, segs


def wer(refs, segs, choose):
    errors = words = 0
    for key, ref in refs.items():   # a file with no segment (silence) counts its reference as deleted
        hyp = " ".join(choose(s) for s in segs.get(key, []))
        errors += edit_distance(ref.split(), hyp.split())
        words += len(ref.split())
    return 100 * errors / words


def top(s):
    return s["hyps"][0]["text"] if "hyps" in s else s["text"]


def shipped(s):
    return s.get("corrected", s["text"])


def rerank(lam, k, margin):
    def choose(s):
        if "hyps" not in s:
            return s["text"]
        h = s["hyps"][:k]
        score = [x["lm"] + lam * x["asr"] for x in h]
        best = max(range(len(h)), key=score.__getitem__)
        return h[best]["text"] if score[best] - score[0] >= margin else h[0]["text"]
    return choose


def main():
    refs, segs = load(sys.argv[1], sys.argv[2])
    print(f"{len(refs)} files: top hypothesis {wer(refs, segs, top):.2f} %, shipped correction {wer(refs, segs, shipped):.2f} %")
    print("rerank WER % (K hypotheses; lambda = weight of the recogniser's score; margin in nats)")
    for k in (4, 8):
        for lam in (0.0, 0.25, 0.5, 1.0, 2.0):
            cells = "  ".join(f"margin {m:.0f}: {wer(refs, segs, rerank(lam, k, m)):6.2f}" for m in (0.0, 1.0, 2.0))
            print(f"  K {k}  lambda {lam:4.2f}  {cells}")


if __name__ == "__main__":
    main()
