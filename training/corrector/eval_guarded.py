#!/usr/bin/env python3
"""A corrector checkpoint on n-best lists (nbest_of_manifest.py) under the Java engine's guards, in PyTorch: WER of
the top hypothesis, of free greedy output, of output constrained to the n-best words' tokens, and of the constrained
output after the edit budget (0.35 of the words from the nearest hypothesis), the length window and the confidence
margin (nats over keeping the top hypothesis). Prints each accepted change, then the summary.

Usage: python3 -m training.corrector.eval_guarded WEIGHTS.pt NBEST.jsonl [--margin 2]
"""
import argparse
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.corrector import prompt
from training.corrector.bpe import Tokenizer
from training.asr.decode import edit_distance
from training.corrector.lm import DecoderLm, LmConfig


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("weights")
    ap.add_argument("nbest")
    ap.add_argument("--margin", type=float, default=2.0)
    ap.add_argument("--budget", type=float, default=0.35)
    a = ap.parse_args()
    tok = Tokenizer.load(os.path.join(HERE, "tokenizer", "tokenizer.json"))
    eos = tok.specials["<|endoftext|>"]
    w = torch.load(a.weights, map_location="cpu")
    lm = DecoderLm(LmConfig(**w["config"])).eval()
    lm.load_state_dict({k: v.float() for k, v in w["model"].items()})

    def generate(p, allowed, max_new):
        logits, past = lm(torch.tensor([p]), torch.ones(1, len(p), dtype=torch.long), torch.arange(len(p))[None], None)
        mask = None
        if allowed is not None:
            mask = torch.full((logits.shape[-1],), float("-inf"))
            mask[torch.tensor(sorted(allowed))] = 0
        out = []
        for _ in range(max_new):
            row = logits[0, -1] if mask is None else logits[0, -1] + mask
            nxt = int(row.argmax())
            if nxt == eos:
                break
            out.append(nxt)
            k = len(p) + len(out) - 1
            logits, past = lm(torch.tensor([[nxt]]), torch.ones(1, k + 1, dtype=torch.long), torch.tensor([[k]]), past)
        return " ".join(tok.decode(out).split())

    def logp(p, text):
        t = tok.encode(" " + text) + [eos]
        ids = torch.tensor([p + t])
        lp = lm(ids, torch.ones_like(ids), torch.arange(ids.shape[1])[None], None)[0][0].log_softmax(-1)
        return sum(float(lp[len(p) - 1 + i, t[i]]) for i in range(len(t)))

    errors = {"top": 0, "free": 0, "constrained": 0, "guarded": 0}
    words = harmful = correct = 0
    with open(a.nbest) as f:
        pairs = [json.loads(l) for l in f]
    for pr in pairs:
        nb = [tuple(h) for h in pr["nbest"]]
        top, ref = nb[0][0], pr["ref"].split()
        words += len(ref)
        p = tok.encode(prompt.render("", nb))
        allowed = {eos}
        for h, _ in nb[:prompt.MAX_HYPS]:
            for wd in h.split():
                allowed |= set(tok.encode(" " + wd)) | set(tok.encode(wd))
        max_new = min(256, 8 + 8 * len(top.split()))
        free, cons = generate(p, None, max_new), generate(p, allowed, max_new)
        guarded = cons
        tw, aw = len(top.split()), len(cons.split())
        nearest = min(edit_distance(h.split(), cons.split()) for h, _ in nb)
        if not cons or nearest > max(1, int(a.budget * tw)) or aw > tw * 1.5 + 2 or aw < tw * 0.5 - 1:
            guarded = top
        if guarded != top and logp(p, guarded) - logp(p, top) < a.margin:
            guarded = top
        for k, v in (("top", top), ("free", free), ("constrained", cons), ("guarded", guarded)):
            errors[k] += edit_distance(ref, v.split())
        if top.split() == ref:
            correct += 1
            harmful += guarded != top
        if guarded != top:
            print(f"ref: {pr['ref']} | top: {top} | corrected: {guarded}", flush=True)
    print(json.dumps({"wer": {k: round(100 * v / words, 2) for k, v in errors.items()}, "words": words,
                      "changed_correct": f"{harmful}/{correct}"}))


if __name__ == "__main__":
    main()
