#!/usr/bin/env python3
"""Trains the house corrector (a small Qwen2-shaped decoder-only LM) on n-best -> reference pairs.

Input lines come from make_pairs.py (the file may still be growing: it is re-read every few minutes). Each pair
becomes "prompt (nbest-v1, see prompt.py) + reference + <|endoftext|>", loss on the reference part only. With
probability --context-p the previous pair's reference is given as the preceding segment, so the model learns to
use the context field without depending on it. The last --dev pairs of the first read are held out and scored
every few minutes: WER of the top hypothesis, of the greedy correction, and how often a correct top hypothesis
is changed (harmful edits). Resumable: WORK/ckpt.pt is written atomically; WORK/weights.pt holds the latest
weights for export. Logs JSON lines to WORK/train.log.jsonl.
"""
import argparse
import glob
import json
import math
import os
import random
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
from training.corrector import prompt
from training.common.runlog import log
from training.corrector.bpe import Tokenizer
from training.asr.decode import edit_distance, wer
from training.corrector.lm import DecoderLm, LmConfig, greedy


def read_pairs(pattern):
    """All pairs in the files matching PATTERN (make_pairs.py --part writes one file per process)."""
    out = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            for line in f:
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    break  # a line still being written
    return out


def encode(tok, pair, context, eos):
    p = tok.encode(prompt.render(context, [tuple(h) for h in pair["nbest"]]))
    t = tok.encode(" " + pair["ref"]) + [eos]
    return p, t


def make_batch(examples, rng, max_tokens, device):
    idx = []
    longest = 0
    while True:
        i = rng.randrange(len(examples))
        n = len(examples[i][0]) + len(examples[i][1])
        if idx and (len(idx) + 1) * max(longest, n) > max_tokens:
            break
        idx.append(i)
        longest = max(longest, n)
    x = torch.zeros(len(idx), longest, dtype=torch.long)
    y = torch.full((len(idx), longest), -100, dtype=torch.long)
    m = torch.zeros(len(idx), longest, dtype=torch.long)
    for r, i in enumerate(idx):
        p, t = examples[i]
        seq = p + t
        x[r, :len(seq)] = torch.tensor(seq)
        m[r, :len(seq)] = 1
        y[r, len(p) - 1:len(seq) - 1] = torch.tensor(t)
    return x.to(device), y.to(device), m.to(device)


def evaluate(lm, tok, dev_pairs, eos, device):
    lm.eval()
    refs, tops, fixed, changed_correct, correct = [], [], [], 0, 0
    lm_cpu = lm
    for pr in dev_pairs:
        p, _ = encode(tok, pr, "", eos)
        out = tok.decode(greedy(lm_cpu, p, 60, {eos}))
        top = pr["nbest"][0][0]
        refs.append(pr["ref"])
        tops.append(top)
        fixed.append(" ".join(out.split()))
        if top.split() == pr["ref"].split():
            correct += 1
            changed_correct += fixed[-1].split() != top.split()
    lm.train()
    return {"wer_top1": round(wer(refs, tops)[0], 2), "wer_fixed": round(wer(refs, fixed)[0], 2),
            "harmful_on_correct": f"{changed_correct}/{correct}", "examples": list(zip(refs, tops, fixed))[:3]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", required=True, help="file or glob pattern of pair files")
    ap.add_argument("--work", required=True)
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "tokenizer", "tokenizer.json"))
    ap.add_argument("--config", default="{}")
    ap.add_argument("--budget-min", type=float, default=12)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--max-tokens", type=int, default=24000)
    ap.add_argument("--dev", type=int, default=300)
    ap.add_argument("--context-p", type=float, default=0.3)
    ap.add_argument("--min-pairs", type=int, default=20000)
    ap.add_argument("--eval-every-min", type=float, default=3)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--init", help="weights.pt/best.pt of an earlier round to continue from (its config wins)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    logf = os.path.join(a.work, "train.log.jsonl")
    dev = torch.device(a.device)
    tok = Tokenizer.load(a.tokenizer)
    eos = tok.specials["<|endoftext|>"]
    init = torch.load(a.init, map_location="cpu") if a.init else None
    cfg = LmConfig(**init["config"]) if init else \
        LmConfig(vocab_size=len(tok), **json.loads(a.config))   # e.g. {"num_hidden_layers": 6, "dropout": 0.1}
    lm = DecoderLm(cfg).to(dev)
    if init:
        lm.load_state_dict({k: v.float() for k, v in init["model"].items()})
    opt = torch.optim.AdamW(lm.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=0.01)
    step, elapsed = 0, 0.0
    ckpt = os.path.join(a.work, "ckpt.pt")
    if os.path.exists(ckpt):
        st = torch.load(ckpt, map_location=dev)
        lm.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed = st["step"], st["elapsed"]
        log(logf, event="resume", step=step)
    log(logf, event="start", params=lm.num_params(), config=cfg.__dict__, vocab=len(tok))
    while len(read_pairs(a.pairs)) < a.min_pairs:
        time.sleep(10)
    pairs = read_pairs(a.pairs)
    dev_pairs = pairs[-a.dev:]
    dev_refs = {p["ref"] for p in dev_pairs}   # held out by sentence: no dev text is trained on
    rng = random.Random(step)

    def load_examples():
        ps = [p for p in read_pairs(a.pairs) if p["ref"] not in dev_refs]
        ex = []
        for i, p in enumerate(ps):
            ctx = ps[i - 1]["ref"] if i and rng.random() < a.context_p else ""
            ex.append(encode(tok, p, ctx, eos))
        return ex

    examples = load_examples()
    log(logf, event="data", train_pairs=len(examples), dev_pairs=len(dev_pairs))
    budget = a.budget_min * 60
    t_last, t_eval, t_ckpt = time.time(), time.time(), time.time()
    lm.train()
    best = float("inf")
    while elapsed < budget:
        frac = elapsed / budget
        lr = a.lr * min(1.0, (step + 1) / 300) * (0.5 * (1 + math.cos(math.pi * frac)) * 0.95 + 0.05)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, m = make_batch(examples, rng, a.max_tokens, dev)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
            logits, _ = lm(x, m, (m.cumsum(1) - 1).clamp(min=0), None)
        loss = F.cross_entropy(logits.float().view(-1, logits.shape[-1]), y.view(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(lm.parameters(), 1.0)
        opt.step()
        step += 1
        now = time.time()
        elapsed += now - t_last
        t_last = now
        if step % 100 == 0:
            log(logf, event="step", step=step, loss=round(loss.item(), 4), lr=round(lr, 6), elapsed=round(elapsed))
        if now - t_ckpt > 120 or elapsed >= budget:
            torch.save({"model": lm.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed},
                       ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
            torch.save({"model": lm.state_dict(), "config": cfg.__dict__, "step": step}, os.path.join(a.work, "w.tmp"))
            os.replace(os.path.join(a.work, "w.tmp"), os.path.join(a.work, "weights.pt"))
            t_ckpt = now
        if now - t_eval > a.eval_every_min * 60 or elapsed >= budget:
            ev = evaluate(lm, tok, dev_pairs[:150], eos, dev)
            log(logf, event="eval", step=step, **ev)
            if ev["wer_fixed"] < best:   # keep the weights that corrected the held-out pairs best
                best = ev["wer_fixed"]
                torch.save({"model": lm.state_dict(), "config": cfg.__dict__, "step": step, "dev": ev},
                           os.path.join(a.work, "b.tmp"))
                os.replace(os.path.join(a.work, "b.tmp"), os.path.join(a.work, "best.pt"))
            examples = load_examples()
            t_eval = time.time()
            t_last = time.time()
    log(logf, event="finished", step=step)


if __name__ == "__main__":
    main()
