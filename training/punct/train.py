#!/usr/bin/env python3
"""Trains the punctuation-and-casing model on pack.py's arrays; resumable (checkpoint every --ckpt-every steps and at
the time limit), learning rate by step (warm-up, cosine to 5 % at --steps), the best test-F1 weights kept.

Training windows are random runs of 4-64 words of one stream (at most 126 pieces), marked as infer.py marks them:
[CLS]/[unused0] at the start (the text starts here / inside a text), [SEP]/[unused1] at the end. Streams with a
question mark are drawn --question-boost times as often (questions are rare in documentation prose).

Usage: python3 -m training.punct.train --data DIR --out DIR [--steps 20000 --minutes 9] [--resume | --init W.pt]
(--resume: the run's own ckpt.pt on this machine; --init: export.py's weights-fp16.pt, to continue elsewhere)
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from training.common.runlog import git_commit, log
from training.punct.infer import evaluate
from training.punct.model import CLS, CONT_LEFT, CONT_RIGHT, PAD, SEP, Punctuator

MAX_PIECES = 126


class Windows:
    def __init__(self, arrays, boost, seed):
        self.a = arrays
        ss = arrays["stream_start"]
        lengths = np.diff(ss).astype(np.float64)
        has_q = np.add.reduceat(arrays["punct"] == 3, ss[:-1]) > 0
        w = lengths * np.where(has_q, boost, 1.0)
        self.p = w / w.sum()
        self.rng = np.random.default_rng(seed)

    def batch(self, n):
        a, rng = self.a, self.rng
        ss, ws, pieces = a["stream_start"], a["word_start"], a["pieces"]
        streams = rng.choice(len(self.p), size=n, p=self.p)
        rows = []
        for s in streams:
            lo, hi = ss[s], ss[s + 1]
            length = int(rng.integers(4, 65))
            start = lo if rng.random() < 0.25 or hi - lo <= length else int(rng.integers(lo, hi - length + 1))
            end = min(hi, start + length)
            while ws[end] - ws[start] > MAX_PIECES:
                end -= 1
            ids = [CLS if start == lo else CONT_LEFT]
            lp, lc = [-100], [-100]
            for w in range(start, end):
                p = pieces[ws[w]:ws[w + 1]].tolist()
                ids += p
                lp += [int(a["punct"][w])] + [-100] * (len(p) - 1)
                lc += [int(a["case"][w])] + [-100] * (len(p) - 1)
            ids.append(SEP if end == hi else CONT_RIGHT)
            lp.append(-100)
            lc.append(-100)
            rows.append((ids, lp, lc))
        t = max(len(r[0]) for r in rows)
        ids = torch.full((n, t), PAD, dtype=torch.long)
        lp = torch.full((n, t), -100, dtype=torch.long)
        lc = torch.full((n, t), -100, dtype=torch.long)
        for i, (x, p, c) in enumerate(rows):
            ids[i, :len(x)] = torch.tensor(x)
            lp[i, :len(p)] = torch.tensor(p)
            lc[i, :len(c)] = torch.tensor(c)
        return ids, lp, lc


def lr_at(step, peak, warmup, total):
    if step < warmup:
        return peak * (step + 1) / warmup
    f = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * f)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--minutes", type=float, default=1e9)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--question-boost", type=float, default=8.0)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init", help="weights to start from (export.py's weights-fp16.pt); a fresh optimiser")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(a.seed)
    train = dict(np.load(os.path.join(a.data, "train.npz")))
    test = dict(np.load(os.path.join(a.data, "test.npz")))
    model = Punctuator(layers=a.layers, d=a.d, ff=4 * a.d).to(dev)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    ckpt = os.path.join(a.out, "ckpt.pt")
    step, best = 0, -1.0
    logf = os.path.join(a.out, "train.log.jsonl")
    if a.resume and os.path.exists(ckpt):
        s = torch.load(ckpt, map_location=dev)
        model.load_state_dict(s["model"])
        opt.load_state_dict(s["opt"])
        step, best = s["step"], s["best"]
    elif a.init:
        model.load_state_dict({k: v.float() for k, v in torch.load(a.init, map_location=dev).items()})
    else:
        init = os.path.join(a.data, "embed_init.npy")
        if os.path.exists(init):
            with torch.no_grad():
                model.embed.weight.copy_(torch.from_numpy(np.load(init).astype(np.float32)))
    if step == 0:
        log(logf, event="start", args=vars(a), commit=git_commit(), parameters=sum(p.numel() for p in model.parameters()),
            device=torch.cuda.get_device_name() if dev == "cuda" else "cpu")
    with open(os.path.join(a.out, "config.json"), "w") as f:      # export.py reads the shape (also of a best.pt mid-run)
        json.dump({"layers": a.layers, "d": a.d}, f)
    windows = Windows(train, a.question_boost, a.seed + step)
    weights = torch.tensor([1.0, 1.5, 1.0, 2.0], device=dev)      # commas and question marks are easy to miss
    model.train()
    while step < a.steps and (time.time() - t0) / 60 < a.minutes:
        ids, lp, lc = (x.to(dev, non_blocking=True) for x in windows.batch(a.batch))
        for g in opt.param_groups:
            g["lr"] = lr_at(step, a.lr, a.warmup, a.steps)
        with torch.autocast(dev, dtype=torch.bfloat16, enabled=dev == "cuda"):
            p, c = model(ids, ids == PAD)
        loss = F.cross_entropy(p.float().flatten(0, 1), lp.flatten(), weight=weights) + \
            F.cross_entropy(c.float().flatten(0, 1), lc.flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 100 == 0:
            log(logf, event="step", step=step, loss=round(loss.item(), 4), lr=opt.param_groups[0]["lr"])
        if step % a.eval_every == 0 or step == a.steps:
            model.eval()
            m = evaluate(model, test, dev, limit=1500)
            model.train()
            if m["f1"] > best:
                best = m["f1"]
                torch.save(model.state_dict(), os.path.join(a.out, "best.pt"))
            log(logf, event="eval", step=step, best=best, **m)
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "best": best}, ckpt)
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "best": best}, ckpt)
    log(logf, event="stop", step=step, best=best, minutes=round((time.time() - t0) / 60, 2))


if __name__ == "__main__":
    main()
