#!/usr/bin/env python3
"""ASR training speech in the voice of the real training speaker: the house TTS clones allison_train references and
reads corpus sentences with them (ADR 0003). The recipe's synthetic voices are a dozen engines;
allison-dev is the training speaker reading unseen prompts, and the recogniser knows her 262 training prompts far
better (5.4 % WER) than her unseen ones (31 %). This gives it her timbre and channel with text it has not seen.

References: allison_train clips of 2.5-10 s as they are, and runs of shorter neighbouring clips joined with 0.2 s of
silence (their texts joined) until 3-10 s, so there are a few hundred distinct prompts. Sampling as the Java engine
does by default (Euler, sway grid, classifier-free guidance from a batch of 2), duration from the reference's frames
per token times a random speed in 0.85-1.15. Batches of similar total length with key masks. Output: shards in the
format of training/data/synth.py (voice "clone:allison"), written atomically so the trainer picks them up while
generation continues; --preview N also writes the first N as WAV files to check by ear or with ./sws transcribe.

Usage: python3 -m training.tts.clone_draw --velocity V.pt --vocoder voc.pt --real DIR/allison_train --corpus corpus.txt --out DIR
       --hours H [--skip 300] [--seed S] [--nfe 16] [--device cuda] [--preview N]
(V.pt and voc.pt as from_onnx.py rebuilds them from the shipped graphs; SWS_TTS_LEXICON for a phoneme model)
"""
import argparse
import json
import os
import time
import wave

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.tts.export import load
from training.tts.prune_schedule import sway_grid
from training.tts.tts_model import HOP, MEL_MEAN, MEL_STD, N_MELS, SR, TtsMel, Velocity, VelocityConfig, Vocoder, VocoderConfig, \
    encode_text, uniform_layout

from training.asr.data import decode_flac
from training.data.synth import write_shard

GAP = np.zeros(int(0.2 * SR), np.int16)


def references(real_path, rng):
    """(int16 audio, text) prompts from a packed real set (FLAC + JSON index of prep_real.py)."""
    audio, rate = decode_flac(real_path + ".flac")
    assert rate == SR, f"{real_path}: {rate} Hz"
    meta = json.load(open(real_path + ".json"))
    off, texts = meta["offsets"], meta["texts"]
    clips = [(audio[off[i]:off[i + 1]], texts[i]) for i in range(len(texts)) if texts[i].strip()]
    refs = [c for c in clips if 2.5 * SR <= len(c[0]) <= 10 * SR]
    short = [c for c in clips if 0.6 * SR <= len(c[0]) < 2.5 * SR]
    for _ in range(3):                              # three passes of random runs over the short clips
        order = rng.permutation(len(short))
        run = []
        for i in order:
            run.append(short[i])
            n = sum(len(a) for a, _ in run) + len(GAP) * (len(run) - 1)
            if n >= 3 * SR:
                if n <= 10 * SR:
                    refs.append((np.concatenate([x for a, _ in run for x in (a, GAP)][:-1]), " ".join(t for _, t in run)))
                run = []
    return refs


def sentences(corpus, skip, lo=4, hi=28):
    with open(corpus, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip()][skip:]
    return [l for l in lines if lo <= len(l.split()) <= hi]


class Cloner:
    def __init__(self, vel, voc, refs, units, device, nfe, cfg, sway):
        self.vel, self.voc, self.units, self.device = vel, voc, units, device
        self.grid, self.cfg = sway_grid(nfe, sway), cfg
        mel = TtsMel()
        self.refs = []
        with torch.no_grad():
            for a, t in refs:
                m = (mel(torch.from_numpy(a.astype(np.float32) / 32768)[None]) - MEL_MEAN) / MEL_STD
                ids = encode_text(t, units)
                if ids:
                    self.refs.append((m[0], ids))

    def job(self, rng, text):
        """One utterance to render: reference index, generated token ids and frame count."""
        r = int(rng.integers(len(self.refs)))
        rm, rids = self.refs[r]
        gids = encode_text(" " + text, self.units)
        speed = float(rng.uniform(0.85, 1.15))
        gt = max(16, round(rm.shape[0] / len(rids) * len(gids) / speed))      # TtsModel.framesFor
        return r, gids, gt, text

    @torch.no_grad()
    def render(self, jobs, seed):
        """A batch of jobs -> list of int16 audio (the generated part only)."""
        b = len(jobs)
        tot = [self.refs[r][0].shape[0] + gt for r, _, gt, _ in jobs]
        t = max(tot)
        cond = torch.zeros(b, t, N_MELS)
        text = torch.zeros(b, t, dtype=torch.long)
        for i, (r, gids, gt, _) in enumerate(jobs):
            rm, rids = self.refs[r]
            rt = rm.shape[0]
            cond[i, :rt] = rm
            text[i, :rt + gt] = torch.cat([uniform_layout(rids, rt), uniform_layout(gids, gt)])
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(b, t, N_MELS, generator=g).to(self.device)
        cond, text = cond.to(self.device), text.to(self.device)
        lengths = torch.tensor(tot, device=self.device)
        cc, tt, ll = torch.cat([cond, torch.zeros_like(cond)]), torch.cat([text, torch.zeros_like(text)]), lengths.repeat(2)
        with torch.autocast(device_type=self.device.type, dtype=torch.bfloat16, enabled=self.device.type == "cuda"):
            for k in range(len(self.grid) - 1):
                tk = self.grid[k]
                v = self.vel(torch.cat([x, x]), cc, tt, torch.full((2 * b,), tk, device=self.device), ll).float()
                v = v[:b] + self.cfg * (v[:b] - v[b:])
                x = x + (self.grid[k + 1] - tk) * v
        gen = torch.zeros(b, max(gt for _, _, gt, _ in jobs), N_MELS, device=self.device)
        for i, (r, _, gt, _) in enumerate(jobs):
            rt = self.refs[r][0].shape[0]
            gen[i, :gt] = x[i, rt:rt + gt]
        wav = self.voc(gen * MEL_STD + MEL_MEAN)          # float32: the vocoder's phase is sensitive to rounding
        out = []
        for i, (_, _, gt, _) in enumerate(jobs):
            a = wav[i, :gt * HOP]
            a = a / a.abs().max().clamp(min=1e-4) * 0.9
            out.append((a.cpu().numpy() * 32767).astype(np.int16))
        return out


def write_wav(path, a):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(a.astype("<i2").tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity", required=True)
    ap.add_argument("--vocoder", required=True)
    ap.add_argument("--real", required=True, help="packed real set without extension, e.g. DIR/allison_train")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--hours", type=float, default=20)
    ap.add_argument("--skip", type=int, default=300, help="corpus lines held out (the synthetic dev set's)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--nfe", type=int, default=16)
    ap.add_argument("--cfg", type=float, default=2.0)
    ap.add_argument("--sway", type=float, default=-1.0)
    ap.add_argument("--frames-per-batch", type=int, default=48000, help="batch size x longest prompt, in frames")
    ap.add_argument("--shard-minutes", type=float, default=15)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--preview", type=int, default=0, help="also write the first N utterances as WAV files")
    a = ap.parse_args()
    dev = torch.device(a.device)
    rng = np.random.default_rng(a.seed)
    vel, vstep = load(a.velocity, Velocity, VelocityConfig)
    voc, _ = load(a.vocoder, Vocoder, VocoderConfig)
    refs = references(a.real, rng)
    c = Cloner(vel.to(dev), voc.to(dev), refs, vel.cfg.text_units, dev, a.nfe, a.cfg, a.sway)
    lines = sentences(a.corpus, a.skip)
    os.makedirs(a.out, exist_ok=True)
    print(json.dumps({"velocity_step": vstep, "references": len(c.refs), "sentences": len(lines), "device": str(dev),
                      "nfe": a.nfe}), flush=True)
    done_s, shard, items, t0, pending, written = 0.0, 0, [], time.time(), [], 0
    target_s = a.hours * 3600
    while done_s < target_s:
        pool = [c.job(rng, lines[int(rng.integers(len(lines)))]) for _ in range(512)]
        pool.sort(key=lambda j: c.refs[j[0]][0].shape[0] + j[2])
        i = 0
        while i < len(pool) and done_s < target_s:
            j = i + 1
            while j < len(pool) and (j - i + 1) * (c.refs[pool[j][0]][0].shape[0] + pool[j][2]) <= a.frames_per_batch:
                j += 1
            batch = pool[i:j]
            i = j
            for job, audio in zip(batch, c.render(batch, int(rng.integers(1 << 31)))):
                items.append((audio, job[3], "clone:allison"))
                done_s += len(audio) / SR
                if written < a.preview:
                    write_wav(os.path.join(a.out, f"preview-{written:03d}.wav"), audio)
                    with open(os.path.join(a.out, f"preview-{written:03d}.txt"), "w") as f:
                        f.write(job[3] + "\n")
                    written += 1
            if sum(len(x) for x, _, _ in items) >= a.shard_minutes * 60 * SR:
                write_shard(os.path.join(a.out, f"shard-{shard:05d}.npz"), items)
                shard, items = shard + 1, []
                print(json.dumps({"shard": shard, "hours": round(done_s / 3600, 2),
                                  "x_realtime": round(done_s / (time.time() - t0), 1)}), flush=True)
    if items:
        write_shard(os.path.join(a.out, f"shard-{shard:05d}.npz"), items)
    json.dump({"hours": round(done_s / 3600, 3), "seconds": round(time.time() - t0, 1)},
              open(os.path.join(a.out, "DONE.json"), "w"))
    print("done", round(done_s / 3600, 3), "h in", round(time.time() - t0, 1), "s", flush=True)


if __name__ == "__main__":
    main()
