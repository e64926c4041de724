#!/usr/bin/env python3
"""Trains the house codec (model.py) on synthetic shards + real speech; resumable; writes weights.pt + train.log.jsonl.

Sources (all 16 kHz int16, kept on the GPU, random crops):
  --shards DIR   synthetic speech shards from training/data/synth.py (picked up while generation runs)
  --real FILE…   packed real recordings: X.flac + X.json (offsets), e.g. allison_train, libri_a, libri_b
  --dev FILE     packed real recordings for the held-out evaluation (mel distance, SI-SDR)
Losses: multi-resolution log-mel L1 + multi-resolution STFT (log magnitude L1 + spectral convergence) + VQ
(commitment + codebook); dead codes are re-seeded from the batch during the first 70 % of the budget.

Usage: python3 -m training.codec.train --work W --shards S --real R/allison_train R/libri_a --dev R/allison_dev --budget-min 18
"""
import argparse
import glob
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
from training.common.runlog import log
from training.asr.features import mel_filters
from training.codec.codec_model import Codec, CodecConfig
from training.asr.data import decode_flac

RESOLUTIONS = [(512, 128, 64), (1024, 256, 80), (2048, 512, 128)]  # n_fft, hop, mels


class SpectralLoss(torch.nn.Module):
    def __init__(self, sr):
        super().__init__()
        for i, (n_fft, _, mels) in enumerate(RESOLUTIONS):
            self.register_buffer(f"fb{i}", mel_filters(mels, n_fft, sr))
            self.register_buffer(f"win{i}", torch.hann_window(n_fft))

    def forward(self, y, x):  # (B, N) each
        mel_l, mag_l, sc_l = 0.0, 0.0, 0.0
        for i, (n_fft, hop, _) in enumerate(RESOLUTIONS):
            win = getattr(self, f"win{i}")
            Y = torch.stft(y, n_fft, hop, window=win, return_complex=True).abs()
            X = torch.stft(x, n_fft, hop, window=win, return_complex=True).abs()
            fb = getattr(self, f"fb{i}")
            mel_l = mel_l + F.l1_loss(torch.log(Y.transpose(1, 2) @ fb + 1e-5), torch.log(X.transpose(1, 2) @ fb + 1e-5))
            mag_l = mag_l + F.l1_loss(torch.log(Y + 1e-5), torch.log(X + 1e-5))
            sc_l = sc_l + torch.linalg.norm(X - Y) / torch.linalg.norm(X).clamp_min(1e-5)
        n = len(RESOLUTIONS)
        return mel_l / n, mag_l / n, sc_l / n


def load_packed(path):
    audio, rate = decode_flac(path + ".flac")
    assert rate == 16000, f"{path}: {rate} Hz, the codec trains on 16 kHz"
    meta = json.load(open(path + ".json"))
    return audio, np.asarray(meta["offsets"])


class Sources:
    def __init__(self, shards, real, device, weights):
        self.device, self.shards, self.loaded = device, shards, set()
        self.synth = []
        self.real = [torch.from_numpy(load_packed(p)[0]).to(device) for p in real]
        self.weights = weights

    def poll(self):
        if not self.shards:
            return 0
        new = 0
        for f in sorted(glob.glob(os.path.join(self.shards, "shard-*.npz"))):
            if f in self.loaded or f.endswith(".tmp.npz"):
                continue
            self.synth.append(torch.from_numpy(np.load(f)["audio"]).to(self.device))
            self.loaded.add(f)
            new += 1
        return new

    def crops(self, batch, n, rng):
        pools = [p for p in self.synth] if self.synth else []
        out = []
        for _ in range(batch):
            use_synth = pools and rng.random() < self.weights
            src = pools[rng.integers(len(pools))] if use_synth else self.real[rng.integers(len(self.real))]
            start = int(rng.integers(0, len(src) - n))
            out.append(src[start:start + n])
        x = torch.stack(out).float() / 32768.0
        peak = x.abs().amax(1, keepdim=True).clamp_min(1e-4)
        gain = torch.empty_like(peak).uniform_(0.08, 0.95)          # level variety, never clipping
        return x / peak * gain


def si_sdr(est, ref):
    ref = ref - ref.mean()
    est = est - est.mean()
    a = (est @ ref) / (ref @ ref).clamp_min(1e-9)
    t = a * ref
    return 10 * torch.log10((t @ t).clamp_min(1e-9) / ((est - t) @ (est - t)).clamp_min(1e-9))


@torch.no_grad()
def evaluate(model, spectral, dev, device, hop, limit=60):
    model.eval()
    audio, offsets = dev
    mels, sdrs = [], []
    for i in range(min(limit, len(offsets) - 1)):
        x = torch.from_numpy(audio[offsets[i]:offsets[i + 1]].astype(np.float32) / 32768.0).to(device)
        n = len(x) // hop * hop
        x = x[:n]
        y = model(x[None, None])[0][0, 0]
        mels.append(spectral(y[None], x[None])[0].item())
        sdrs.append(si_sdr(y, x).item())
    model.train()
    return {"mel_l1": round(float(np.mean(mels)), 4), "si_sdr": round(float(np.mean(sdrs)), 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--shards", default=None)
    ap.add_argument("--real", nargs="+", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--budget-min", type=float, default=18)
    ap.add_argument("--batch", type=int, default=48)
    ap.add_argument("--seg-frames", type=int, default=48)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--synth-weight", type=float, default=0.4)
    ap.add_argument("--eval-every-min", type=float, default=4)
    ap.add_argument("--ckpt-every-min", type=float, default=3)
    ap.add_argument("--config", default="{}")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--max-steps", type=int, default=10 ** 9)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    logf = os.path.join(a.work, "train.log.jsonl")
    ckpt_path = os.path.join(a.work, "ckpt.pt")
    device = torch.device(a.device)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True

    cfg = CodecConfig(**json.loads(a.config))
    model = Codec(cfg).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.8, 0.99), weight_decay=0.0)
    step, elapsed = 0, 0.0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed = ck["step"], ck["elapsed"]
        log(logf, event="resumed", step=step, elapsed=elapsed)
    spectral = SpectralLoss(cfg.sample_rate).to(device)
    src = Sources(a.shards, a.real, device, a.synth_weight)
    src.poll()
    dev = load_packed(a.dev)
    budget = a.budget_min * 60
    log(logf, event="start", config=cfg.to_json(), params=sum(p.numel() for p in model.parameters()),
        real=[len(r) / 16000 / 3600 for r in src.real], synth_shards=len(src.synth), args=vars(a))
    rng = np.random.default_rng(step + 1)
    n = a.seg_frames * cfg.hop
    usage = [torch.zeros(cfg.codebook_size, device=device) for _ in range(cfg.n_codebooks)]
    t0 = time.time() - elapsed
    last_eval, last_ckpt, last_poll = time.time(), time.time(), time.time()
    use_amp = device.type == "cuda"

    def save(final=False):
        tmp = ckpt_path + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                    "elapsed": time.time() - t0, "config": cfg.to_json()}, tmp)
        os.replace(tmp, ckpt_path)
        w = {"config": cfg.to_json(), "model": {k: v.half() if v.is_floating_point() else v
                                                 for k, v in model.state_dict().items()}}
        torch.save(w, os.path.join(a.work, "weights.pt.tmp"))
        os.replace(os.path.join(a.work, "weights.pt.tmp"), os.path.join(a.work, "weights.pt"))

    while time.time() - t0 < budget and step < a.max_steps:
        frac = (time.time() - t0) / budget
        lr = a.lr * min(1.0, (step + 1) / 500) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = lr
        x = src.crops(a.batch, n, rng)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
            y, codes, vq_loss, projected = model(x[:, None])
        y = y[:, 0].float()
        mel_l, mag_l, sc_l = spectral(y, x)
        loss = 15.0 * mel_l + mag_l + sc_l + vq_loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        step += 1
        for q in range(cfg.n_codebooks):
            usage[q] += torch.bincount(codes[:, q].flatten(), minlength=cfg.codebook_size).float()
        if step % 100 == 0:
            reseeded = model.rvq.reseed_dead(projected, usage) if frac < 0.7 else 0
            ppl = []
            for u in usage:
                p = u / u.sum()
                ppl.append(round(float(torch.exp(-(p[p > 0] * p[p > 0].log()).sum())), 1))
            usage = [torch.zeros_like(u) for u in usage]
            if step % 500 == 0:
                log(logf, event="step", step=step, elapsed=round(time.time() - t0, 1), lr=lr, loss=round(loss.item(), 4),
                    mel=round(mel_l.item(), 4), mag=round(mag_l.item(), 4), sc=round(sc_l.item(), 4),
                    vq=round(float(vq_loss), 4), grad=round(gn.item(), 2), perplexity=ppl, reseeded=reseeded,
                    synth_shards=len(src.synth))
        if time.time() - last_poll > 60:
            src.poll()
            last_poll = time.time()
        if time.time() - last_eval > a.eval_every_min * 60:
            log(logf, event="eval", step=step, elapsed=round(time.time() - t0, 1),
                allison_dev=evaluate(model, spectral, dev, device, cfg.hop))
            last_eval = time.time()
        if time.time() - last_ckpt > a.ckpt_every_min * 60:
            save()
            last_ckpt = time.time()
    save(final=True)
    log(logf, event="finished", step=step, elapsed=round(time.time() - t0, 1),
        allison_dev=evaluate(model, spectral, dev, device, cfg.hop))


if __name__ == "__main__":
    main()
