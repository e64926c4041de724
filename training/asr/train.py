#!/usr/bin/env python3
"""Trains the house streaming ASR model (hybrid RNN-T + CTC FastConformer) on synthetic + real speech.

Resumable: a full checkpoint (model, optimiser, step, elapsed time) is written atomically every few minutes to
WORK/ckpt.pt and picked up on restart; --init loads plain weights (e.g. brought back from an earlier machine).
The learning rate warms up, then follows a cosine to 5 % over --schedule-steps steps (reproducible: the same
steps give the same schedule on any GPU); without it, over elapsed time against --budget-min, so a run cut to its GPU
time still ends decayed. Logs JSON lines to WORK/train.log.jsonl, starting with the arguments and the git commit
(SWS_GIT_COMMIT, else `git rev-parse HEAD`).

With --ema D the run also keeps an exponential moving average of the weights (decay D per step, as icefall's model
averaging): evaluations report both (the average's sets end in "_ema"), weights.pt holds the average and
weights-raw.pt the last step's weights.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import sentencepiece as spm
import torch
import torch.nn.functional as F

from training.common.runlog import git_commit, log
from training.asr.data import (Pool, ShardWatcher, augment, digit_strings, join_long, load_corpora, load_real, spec_augment,
                  speed_perturb)
from training.asr.decode import ctc_greedy, rnnt_greedy, wer
from training.asr.features import LogMel
from training.asr.model import Config, HybridAsr
from training.asr.rnnt_loss import rnnt_loss

WARPS = tuple(np.linspace(0.88, 1.12, 13).round(3).tolist())


def rng_idx(n, k):
    return np.random.default_rng(0).choice(n, size=min(n, k), replace=False).tolist()


def subset(pool, keep, sp, device):
    """A Pool of the utterances `keep` of `pool`."""
    return Pool.of_clips(device, [pool.audio(i).cpu().numpy() for i in keep], [pool.texts[i] for i in keep],
                         [pool.voices[i] for i in keep], sp, max_seconds=pool.max_samples / 16000)


def grow(w, after):
    """State dict of a deeper encoder: after each 0-based layer in `after` a new layer that starts as the identity.
    A layer ends in a layer norm (out_norm); the new layer takes that norm's gain and bias, the layer before keeps a
    plain norm (gain 1, bias 0), and the new layer's residual branches (feed-forward, attention, convolution) end in
    zero weights, so its output is norm(x) with the moved gain and bias: the grown model computes what the old one
    did, and training starts from there."""
    old = sorted({int(k.split(".")[2]) for k in w if k.startswith("encoder.layers.")})
    src = {}  # new index -> old index or None (new layer)
    j = 0
    for i in old:
        src[j] = i
        j += 1
        if i in after:
            src[j] = None
            j += 1
    out = {k: v for k, v in w.items() if not k.startswith("encoder.layers.")}
    for new, o in src.items():
        if o is not None:
            for k, v in w.items():
                if k.startswith(f"encoder.layers.{o}."):
                    out[f"encoder.layers.{new}." + k.split(".", 3)[3]] = v.clone()
            continue
        prev = src[new - 1]
        for k, v in w.items():
            if not k.startswith(f"encoder.layers.{prev}."):
                continue
            name = k.split(".", 3)[3]
            t = v.clone()
            if name.startswith(("ff1.l2.", "ff2.l2.", "att.o.", "conv.pw2.")):
                t.zero_()
            elif not name.startswith("out_norm."):
                t = t + 0.02 * torch.randn_like(t) * t.std().clamp(min=1e-3) if t.dim() > 1 else t
            out[f"encoder.layers.{new}.{name}"] = t
        out[f"encoder.layers.{new - 1}.out_norm.weight"] = torch.ones_like(w[f"encoder.layers.{prev}.out_norm.weight"])
        out[f"encoder.layers.{new - 1}.out_norm.bias"] = torch.zeros_like(w[f"encoder.layers.{prev}.out_norm.bias"])
    return out


def make_batch(pools, weights, rng, budget_s, max_utts, device, shortest=1.0):
    which = rng.choice(len(pools), p=weights)
    pool = pools[which]
    idx = pool.sample_bucket(rng, int(budget_s * 16000), max_utts, shortest)
    auds = [pool.audio(i) for i in idx]
    lens = torch.tensor([len(a) for a in auds], device=device)
    # random leading/trailing silence (0..0.4 s) so utterance edges look like real recordings
    lead = torch.randint(0, 6400, (len(idx),)).tolist()
    n = max(len(a) + l for a, l in zip(auds, lead)) + 3200
    x = torch.zeros(len(idx), n, device=device)
    for i, (a, l) in enumerate(zip(auds, lead)):
        x[i, l:l + len(a)] = a.float() / 32768.0
    lens = lens + torch.tensor(lead, device=device) + torch.randint(0, 3200, (len(idx),), device=device)
    toks = [pool.tokens[i] for i in idx]
    return x, lens.clamp(max=n), toks, which


class Ema:
    """An exponential moving average of a model's weights (integer buffers copied as they are). Its decay ramps up as
    (1 + n) / (10 + n) over the first updates, so that an average started from fresh weights does not hold them for
    thousands of steps; one restored from a checkpoint (STATE) continues at the full decay."""

    def __init__(self, model, decay, state=None):
        self.decay, self.n = decay, (0 if state is None else 10 ** 6)
        self.state = state if state is not None else {k: v.detach().clone() for k, v in model.state_dict().items()}
        self.shadow = None

    @torch.no_grad()
    def update(self, model):
        self.n += 1
        d = min(self.decay, (1 + self.n) / (10 + self.n))
        for k, v in model.state_dict().items():
            mine = self.state[k]
            if v.is_floating_point():
                mine.mul_(d).add_(v.detach(), alpha=1 - d)
            else:
                mine.copy_(v)

    def model(self, like):
        """A copy of LIKE holding the average (made once, refreshed on each call)."""
        if self.shadow is None:
            import copy
            self.shadow = copy.deepcopy(like)
        self.shadow.load_state_dict(self.state)
        return self.shadow


def evaluate(model, mel, sp, pool, device, chunk, limit=400):
    model.eval()
    refs, hyp_ctc, hyp_rnnt = [], [], []
    blank = model.cfg.vocab_size
    with torch.no_grad():
        order = list(range(min(limit, len(pool))))
        for s in range(0, len(order), 32):
            ids = order[s:s + 32]
            auds = [pool.audio(i).float() / 32768.0 for i in ids]
            lens = torch.tensor([len(a) + 4800 for a in auds], device=device)
            x = torch.zeros(len(ids), int(lens.max()), device=device)
            for i, a in enumerate(auds):
                x[i, 1600:1600 + len(a)] = a
            feats, flen = mel(x, lens)
            enc, elen = model.encoder(feats, flen, chunk)
            lp = model.ctc(enc).log_softmax(-1)
            hyp_ctc += [sp.decode(h) for h in ctc_greedy(lp, elen, blank)]
            hyp_rnnt += [sp.decode(h) for h in rnnt_greedy(model, enc, elen)]
            refs += [pool.texts[i] for i in ids]
    model.train()
    return wer(refs, hyp_ctc)[0], wer(refs, hyp_rnnt)[0], list(zip(refs[:3], hyp_rnnt[:3]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--shards", required=True)
    ap.add_argument("--real", required=True)
    ap.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "tokenizer", "bpe256.model"))
    ap.add_argument("--budget-min", type=float, default=20)
    ap.add_argument("--batch-seconds", type=float, default=480)
    ap.add_argument("--max-utts", type=int, default=96)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--real-fraction", type=float, default=0.12)
    ap.add_argument("--clones", default=None, help="shards of the house TTS in a real training voice (clone_draw.py)")
    ap.add_argument("--clone-fraction", type=float, default=0.0, help="share of batches from --clones once they hold "
                    "--clone-min-hours (the synthetic share until then)")
    ap.add_argument("--clone-min-hours", type=float, default=0.25)
    ap.add_argument("--strings-fraction", type=float, default=0.0,
                    help="share of batches of digit strings joined from fsdd_train takes (data.digit_strings)")
    ap.add_argument("--strings-count", type=int, default=4000)
    ap.add_argument("--eval-every-min", type=float, default=4)
    ap.add_argument("--ckpt-every-min", type=float, default=3)
    ap.add_argument("--min-hours", type=float, default=1.5, help="wait for this much synthetic speech first")
    ap.add_argument("--config", default="{}", help="JSON overrides of model.Config")
    ap.add_argument("--init", default=None)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--max-steps", type=int, default=10 ** 9)
    ap.add_argument("--schedule-steps", type=int, default=0, help="steps of the cosine schedule (0: by elapsed time "
                    "against --budget-min)")
    ap.add_argument("--no-norm", action="store_true")
    ap.add_argument("--ctc-weight", type=float, default=-1, help="fixed CTC weight; default 0.5 then 0.3")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--inter-ctc", default="", help="layers (1-based, comma separated) with an intermediate CTC loss "
                    "through the shared CTC head (InterCTC); training only, nothing changes in the exported model")
    ap.add_argument("--inter-weight", type=float, default=0.3)
    ap.add_argument("--sortagrad", type=float, default=0.2,
                    help="fraction of the budget during which batches come from the shorter utterances first")
    ap.add_argument("--aug-start", type=float, default=0.1, help="fraction of the budget trained without augmentation")
    ap.add_argument("--corpora", default=None, help="the real corpora packed by data/pack_corpora.py (index.tsv + opus)")
    ap.add_argument("--mix", default="", help="batch shares by pool, e.g. 'synth=0.3,librispeech=0.4,an4=0.1,long=0.1,"
                    "allison=0.05,fsdd=0.03,strings=0.02' (pools: synth, allison, fsdd, strings, clones, long and the "
                    "corpora by name, their prefix before '-'); replaces --real/--clone/--strings-fraction")
    ap.add_argument("--long-count", type=int, default=3000, help="long-form inputs joined from the corpora (join_long)")
    ap.add_argument("--ema", type=float, default=0.0, help="decay of a moving average of the weights (0: none)")
    ap.add_argument("--grow-after", default="", help="0-based layers of the --init weights after which a new layer is "
                    "inserted that starts as the identity (its residual branches zero, the layer norm moved onto it); "
                    "--config's n_layers counts the grown model")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    logf = os.path.join(a.work, "train.log.jsonl")
    log(logf, event="args", argv=sys.argv[1:], commit=git_commit())
    dev = torch.device(a.device)
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    sp = spm.SentencePieceProcessor(model_file=a.tokenizer)
    cfg = Config(vocab_size=sp.get_piece_size(), **json.loads(a.config))
    model = HybridAsr(cfg).to(dev)
    mel = LogMel(cfg.feat_in, warps=WARPS).to(dev)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=1e-3)
    step, elapsed = 0, 0.0
    ema_state = None
    ckpt = os.path.join(a.work, "ckpt.pt")
    if os.path.exists(ckpt):
        st = torch.load(ckpt, map_location=dev)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed = st["step"], st["elapsed"]
        ema_state = st.get("ema")
        log(logf, event="resume", step=step, elapsed=elapsed)
    elif a.init:
        w = torch.load(a.init, map_location=dev)
        w = w.get("model", w)  # weights.pt as train.py writes it ({"model", "config", "step"}) or a bare state dict
        w = {k: v.float() if v.is_floating_point() else v for k, v in w.items()}
        after = [int(t) for t in a.grow_after.split(",") if t.strip()]
        model.load_state_dict(grow(w, after) if after else w)
        log(logf, event="init", weights=a.init, grow_after=after)
    log(logf, event="start", params=model.num_params(), config=cfg.to_dict(), device=str(dev))
    ema = Ema(model, a.ema, ema_state) if a.ema > 0 else None

    real_train = [load_real(os.path.join(a.real, n), sp, dev)[0] for n in ("allison_train", "fsdd_train")]
    dev_sets = {n: load_real(os.path.join(a.real, n), sp, dev)[0] for n in ("allison_dev", "fsdd_dev")}
    # digit strings: training ones from the training speakers' takes, a dev set (for the log) from the dev speaker's
    strings = digit_strings(real_train[1], a.strings_count, 7, sp, dev)
    dev_sets["strings_dev"] = digit_strings(dev_sets["fsdd_dev"], 200, 8, sp, dev)
    noise = torch.from_numpy(np.load(os.path.join(a.real, "noise.npy")).astype(np.float32) / 32768.0).to(dev)
    synth = Pool(dev)
    watcher = ShardWatcher(a.shards, synth, sp)
    while True:
        watcher.poll()
        if synth.hours() >= a.min_hours or os.path.exists(os.path.join(a.shards, "DONE.json")):
            break
        time.sleep(5)
    synth_dev = None
    dev_shards = os.path.join(a.shards, "dev")
    if os.path.isdir(dev_shards):
        synth_dev = Pool(dev)
        ShardWatcher(dev_shards, synth_dev, sp).poll()
        dev_sets["synth_dev"] = synth_dev
    if step == 0 and not a.init and not a.no_norm:
        with torch.no_grad():
            acc = []
            for i in rng_idx(len(synth), 256):
                a_ = synth.audio(i).float()[None] / 32768.0
                f_, n_ = mel(a_, torch.tensor([a_.shape[1]], device=dev))
                acc.append(f_[0, :n_[0]])
            allf = torch.cat(acc)
            model.encoder.feat_mean.copy_(allf.mean(0))
            model.encoder.feat_istd.copy_(1.0 / allf.std(0).clamp(min=1e-3))
        log(logf, event="feature_stats", mean=round(float(allf.mean()), 3), std=round(float(allf.std()), 3))
    clones = Pool(dev)
    clone_watcher = ShardWatcher(a.clones, clones, sp) if a.clones else None
    named = {"synth": synth, "allison": real_train[0], "fsdd": real_train[1], "strings": strings, "clones": clones}
    if a.corpora:
        corpora = load_corpora(a.corpora, sp, dev, "train")
        named.update({c.split("-")[0]: p for c, p in corpora.items()})
        named["long"] = join_long(list(corpora.values()), a.long_count, 11, sp, dev)
        for c, p in load_corpora(a.corpora, sp, dev, "dev").items():
            # an evenly spread subset (all speakers) keeps the log's evaluation short
            keep = np.linspace(0, len(p) - 1, min(len(p), 160)).round().astype(int).tolist()
            dev_sets[c.split("-")[0] + "_dev"] = subset(p, keep, sp, dev)
    mix = {k: float(v) for k, v in (kv.split("=") for kv in a.mix.split(",") if kv.strip())}
    unknown = set(mix) - set(named)
    if unknown:
        raise SystemExit(f"--mix names unknown pools {sorted(unknown)}; known: {sorted(named)}")
    log(logf, event="data", synth_hours=round(synth.hours(), 2), real_utts=[len(p) for p in real_train],
        strings=len(strings), strings_hours=round(strings.hours(), 2), strings_examples=strings.texts[:3],
        pools={k: [len(p), round(p.hours(), 2)] for k, p in named.items()}, mix=mix,
        long_examples=named["long"].texts[:2] if "long" in named else [])

    # chunk sizes (encoder frames) trained: 40 ms .. 320 ms of look-ahead at 4x, 80 .. 640 ms at 8x
    chunks = [c for c in ((2, 4, 8, 16) if cfg.subsampling == 4 else (1, 2, 4, 8)) if c <= cfg.max_chunk]
    eval_chunk = 32 // cfg.subsampling
    taps = tuple(int(t) for t in a.inter_ctc.split(",") if t.strip())
    rng = np.random.default_rng(step + 1)
    gen = torch.Generator(device=dev)
    gen.manual_seed(step + 1)
    blank = cfg.vocab_size
    budget = a.budget_min * 60
    t_last = time.time()
    last_ckpt = last_eval = elapsed
    model.train()
    while elapsed < budget and step < a.max_steps:
        if step % 50 == 0 and (watcher.poll() + (clone_watcher.poll() if clone_watcher else 0)):
            log(logf, event="shards", synth_hours=round(synth.hours(), 2), clone_hours=round(clones.hours(), 2))
        # how far the run is: by steps with --schedule-steps, else by time; the lr, curriculum and CTC weight follow it
        frac = min(1.0, step / a.schedule_steps) if a.schedule_steps else elapsed / budget
        lr = a.lr * min(1.0, (step + 1) / a.warmup) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))
        for g in opt.param_groups:
            g["lr"] = lr
        if mix:
            names = [k for k in mix if len(named[k]) > 0]
            pools = [named[k] for k in names]
            weights = np.array([mix[k] for k in names]) / sum(mix[k] for k in names)
            real = [k != "synth" and k != "clones" for k in names]
        else:
            rf = a.real_fraction
            cf = a.clone_fraction if clones.hours() >= a.clone_min_hours else 0.0
            sf = a.strings_fraction
            pools = [synth] + real_train + [clones, strings]
            weights = [1 - rf - cf - sf, rf * 0.6, rf * 0.4, cf, sf]
            real = [False, True, True, False, True]
        shortest = min(1.0, 0.2 + 0.8 * frac / a.sortagrad) if a.sortagrad > 0 else 1.0  # SortaGrad curriculum
        x, lens, toks, which = make_batch(pools, weights, rng, a.batch_seconds, a.max_utts, dev, shortest)
        try:  # out of GPU memory anywhere in the step (cuFFT included): skip the batch
            factor = float(rng.choice([0.9, 0.95, 1.0, 1.0, 1.05, 1.1]))
            x, lens = speed_perturb(x, lens, factor)
            # augmentation curriculum: clean first (the CTC alignment forms), then gentle, full strength after +30 %
            ramp = min(1.0, max(0.0, frac - a.aug_start) / 0.3)
            if ramp > 0:
                x = augment(x, lens, gen, noise, strength=ramp * (0.6 if real[which] else 1.0))  # real: gentler
            warp = torch.randint(0, len(WARPS), (x.shape[0],), device=dev, generator=gen)
            with torch.no_grad():
                feats, flen = mel(x, lens, warp)
                if frac > a.aug_start + 0.05:
                    feats = spec_augment(feats, flen, gen)
            chunk = int(rng.choice(chunks))
            tl = torch.tensor([len(t) for t in toks], device=dev)
            tg = torch.zeros(len(toks), int(tl.max()), dtype=torch.long, device=dev)
            for i, t in enumerate(toks):
                tg[i, :len(t)] = torch.tensor(t, device=dev)
            opt.zero_grad(set_to_none=True)
            pred, _ = model.predictor(F.pad(tg, (1, 0), value=blank))  # LSTM stays in float32
            with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=dev.type == "cuda"):
                out = model.encoder(feats, flen, chunk, taps)
                enc, elen, tapped = out[0], out[1], (out[2] if taps else [])
                ctc_lp = model.ctc(enc).float().log_softmax(-1)
                inter_lp = [model.ctc(h).float().log_softmax(-1) for h in tapped]
                logits = model.joint(enc, pred)
            ok = elen >= tl
            l_ctc = F.ctc_loss(ctc_lp.transpose(0, 1), tg, elen, tl, blank=blank, reduction="mean", zero_infinity=True)
            l_rnnt = rnnt_loss(logits.float(), tg, elen, tl, blank)
            # CTC-heavy first (the alignment forms through CTC; RNN-T alone first learns only the text prior)
            wc = a.ctc_weight if a.ctc_weight >= 0 else (0.8 if frac < 0.15 else 0.5 if frac < 0.4 else 0.3)
            loss = (1 - wc) * l_rnnt + wc * l_ctc
            if inter_lp:
                l_inter = sum(F.ctc_loss(lp.transpose(0, 1), tg, elen, tl, blank=blank, reduction="mean",
                                         zero_infinity=True) for lp in inter_lp) / len(inter_lp)
                loss = (1 - a.inter_weight) * loss + a.inter_weight * l_inter
            if torch.isfinite(loss):
                loss.backward()
                gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                if ema:
                    ema.update(model)
            else:
                gn = torch.tensor(float("nan"))
        except (torch.cuda.OutOfMemoryError, RuntimeError) as e:
            if not isinstance(e, torch.cuda.OutOfMemoryError) and "CUFFT" not in str(e) and "out of memory" not in str(e):
                raise
            x = feats = enc = logits = None
            torch.cuda.empty_cache()
            log(logf, event="oom", step=step, batch=len(toks))
            step += 1
            continue
        step += 1
        now = time.time()
        elapsed += now - t_last
        t_last = now
        if step % 25 == 0:
            log(logf, step=step, elapsed=round(elapsed, 1), lr=round(lr, 6), loss=round(loss.item(), 3),
                rnnt=round(l_rnnt.item(), 3), ctc=round(l_ctc.item(), 3), gnorm=round(float(gn), 2), chunk=chunk,
                batch=len(toks), frames=int(flen.max()), too_short=int((~ok).sum()), pool=int(which),
                synth_hours=round(synth.hours(), 1))
        if elapsed - last_eval >= a.eval_every_min * 60 or elapsed >= budget or step >= a.max_steps:
            last_eval = elapsed
            res = {}
            for name, pool in dev_sets.items():
                w_ctc, w_rnnt, ex = evaluate(model, mel, sp, pool, dev, chunk=eval_chunk)
                res[name] = {"ctc": round(w_ctc, 2), "rnnt": round(w_rnnt, 2)}
                if name == "allison_dev":
                    res["examples"] = ex
                if ema and name.endswith("_dev") and name != "strings_dev":
                    w_ctc, w_rnnt, _ = evaluate(ema.model(model), mel, sp, pool, dev, chunk=eval_chunk)
                    res[name + "_ema"] = {"ctc": round(w_ctc, 2), "rnnt": round(w_rnnt, 2)}
            log(logf, event="eval", step=step, elapsed=round(elapsed, 1), **res)
        if elapsed - last_ckpt >= a.ckpt_every_min * 60 or elapsed >= budget or step >= a.max_steps:
            last_ckpt = elapsed
            tmp = ckpt + ".tmp"
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": elapsed,
                        "config": cfg.to_dict(), "ema": ema.state if ema else None}, tmp)
            os.replace(tmp, ckpt)
            raw = {"model": model.state_dict(), "config": cfg.to_dict(), "step": step}
            if ema:
                torch.save(raw, os.path.join(a.work, "weights-raw.pt"))
                raw = {"model": ema.state, "config": cfg.to_dict(), "step": step, "ema": a.ema}
            torch.save(raw, os.path.join(a.work, "weights.pt"))
            log(logf, event="checkpoint", step=step, elapsed=round(elapsed, 1))
    log(logf, event="finished", step=step, elapsed=round(elapsed, 1))


if __name__ == "__main__":
    main()
