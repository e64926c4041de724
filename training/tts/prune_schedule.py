#!/usr/bin/env python3
"""Empirically pruned low-NFE time grids for the house TTS sampler (BOSS-style step pruning).

Start from the model's default grid at a finer NFE (sway -1, 12 steps), then remove one interior time point at a time,
each time the one whose removal keeps the Euler solution closest to a 32-step reference solution (same noise, same
guidance), until 8 and then 4 steps remain. The error is the mean absolute difference of the generated (normalised)
mel frames, averaged over tuning prompts that are NOT the evaluation sentences (training/tts/eval/sentences.txt).
Prints the error of the pruned grid next to the plain sway grid of the same NFE and writes the grids into tts.json
("schedules": {"4": [...], "8": [...]}), where the Java sampler uses them when the sway is the model's default.

Usage: python3 -m training.tts.prune_schedule --velocity V.pt --model models/house-tts-en-s1 [--write] [--device cuda]
"""
import argparse
import json
import os
import wave

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.tts.export import load
from training.tts.tts_model import MEL_MEAN, MEL_STD, N_MELS, TtsMel, Velocity, VelocityConfig, encode_text, uniform_layout

TUNING = ["the library closes early on public holidays",         # not in the evaluation sentences
          "could you send me the report before lunch"]


def sway_grid(nfe, s=-1.0):
    u = np.arange(nfe + 1) / nfe
    t = u + s * (np.cos(np.pi / 2 * u) - 1 + u)
    t[0], t[-1] = 0.0, 1.0
    return t.tolist()


def read_wav(path):
    with wave.open(path) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1, path
        return torch.from_numpy(np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768)


def prompts(model_dir, units, device="cpu"):
    mel = TtsMel()
    out = []
    voices = sorted(os.listdir(os.path.join(model_dir, "voices")))
    for k, text in enumerate(TUNING):
        v = os.path.join(model_dir, "voices", voices[k % len(voices)])
        ref_text = json.load(open(os.path.join(v, "voice.json")))["transcript"]
        with torch.no_grad():
            rm = (mel(read_wav(os.path.join(v, "reference.wav"))[None]) - MEL_MEAN) / MEL_STD
        ref_ids, gen_ids = encode_text(ref_text, units), encode_text(" " + text, units)
        rt = rm.shape[1]
        gt = max(16, round(rt / max(1, len(ref_ids)) * len(gen_ids)))   # TtsModel.framesFor, speed 1
        cond = torch.zeros(1, rt + gt, N_MELS)
        cond[:, :rt] = rm
        layout = torch.cat([uniform_layout(ref_ids, rt), uniform_layout(gen_ids, gt)])[None]
        noise = torch.from_numpy(np.random.default_rng(k).standard_normal((1, rt + gt, N_MELS)).astype(np.float32))
        out.append((cond.to(device), layout.to(device), noise.to(device), rt))
    return out


class Solver:
    def __init__(self, vel, prompts, cfg):
        self.vel, self.prompts, self.cfg, self.calls = vel, prompts, cfg, 0

    @torch.no_grad()
    def solve(self, grid, p):
        cond, text, x, rt = p
        x = x.clone()
        for i in range(len(grid) - 1):
            t = grid[i]
            v = self.vel(torch.cat([x, x]), torch.cat([cond, torch.zeros_like(cond)]),
                         torch.cat([text, torch.zeros_like(text)]), torch.tensor([t, t], dtype=torch.float32, device=x.device))
            v = v[:1] + self.cfg * (v[:1] - v[1:])
            x = x + (grid[i + 1] - t) * v
            self.calls += 1
        return x[:, rt:]

    def error(self, grid, refs):
        return float(np.mean([float((self.solve(grid, p) - r).abs().mean()) for p, r in zip(self.prompts, refs)]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--velocity", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--start", type=int, default=12)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--device", default="cpu", help="cpu or cuda (the lent GPU: minutes instead of ~40 on 2 cores)")
    a = ap.parse_args()
    torch.set_num_threads(os.cpu_count())
    vel, step = load(a.velocity, Velocity, VelocityConfig)
    vel = vel.to(a.device)
    cfg_path = os.path.join(a.model, "tts.json")
    tts = json.load(open(cfg_path))
    d = tts["defaults"]
    s = Solver(vel, prompts(a.model, vel.cfg.text_units, a.device), d["cfg"])
    refs = [s.solve(sway_grid(32, d["sway"]), p) for p in s.prompts]
    grid = sway_grid(a.start, d["sway"])
    found = {}
    while len(grid) > 5:
        best = min(((s.error(grid[:i] + grid[i + 1:], refs), i) for i in range(1, len(grid) - 1)))
        grid = grid[:best[1]] + grid[best[1] + 1:]
        nfe = len(grid) - 1
        print(json.dumps({"nfe": nfe, "error": round(best[0], 4), "calls": s.calls}), flush=True)
        if nfe in (4, 8):
            base = s.error(sway_grid(nfe, d["sway"]), refs)
            if best[0] < base:   # a grid that does not beat the model's own sway grid is not shipped
                found[str(nfe)] = [round(t, 4) for t in grid]
            print(json.dumps({"nfe": nfe, "pruned_error": round(best[0], 4), "sway_error": round(base, 4),
                              "grid": [round(t, 4) for t in grid], "kept": best[0] < base}), flush=True)
    print(json.dumps({"velocity_step": step, "reference": "32-step sway grid", "velocity_calls": s.calls,
                      "error_start": round(s.error(sway_grid(a.start, d["sway"]), refs), 4)}))
    if a.write:
        tts["schedules"] = found
        json.dump(tts, open(cfg_path, "w"), indent=2)
        print("written", cfg_path)


if __name__ == "__main__":
    main()
