#!/usr/bin/env python3
"""Replica of the flow-matching TTS contract (ARCHITECTURE.md §5), for the tts engine's tests before a house model.

  tts.json     sample_rate, hop, n_mels, mel parameters, defaults (nfe, sway, cfg, speed)
  tokens.txt   character vocabulary ("<sym> <id>", id 0 = the filler/pad, as F5-TTS pads text with fillers)
  velocity.onnx  x (B,T,M) noisy mel, cond (B,T,M) masked reference mel, text (B,T) int64, time (B) float -> v (B,T,M)
  vocoder.onnx   mel (B,T,M) -> audio (B,N) with N = T * hop
Random weights, tiny (a 2-block transformer over frames; a linear upsampler as the vocoder), dynamic B and T.
golden.json holds v for a fixed small input so the Java sampler can check one velocity call, and the audio length.

Usage: make_tts_replica.py --out tts/src/test/resources/replicas
"""
import argparse
import json
import math
import os

import onnx
import torch
import torch.nn as nn

CHARS = list(" abcdefghijklmnopqrstuvwxyz'.,?!-")


class Block(nn.Module):
    """Pre-norm self-attention + MLP over frames (written out: PyTorch's fused encoder layer does not export)."""

    def __init__(self, d, heads=4):
        super().__init__()
        self.h, self.dh = heads, d // heads
        self.n1, self.n2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.o = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.n1(x)).view(b, t, 3, self.h, self.dh).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2) / math.sqrt(self.dh)).softmax(-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.mlp(self.n2(x))


class Velocity(nn.Module):
    def __init__(self, n_mels=32, vocab=len(CHARS) + 1, d=64):
        super().__init__()
        self.text = nn.Embedding(vocab, d)
        self.inp = nn.Linear(2 * n_mels, d)
        self.time = nn.Sequential(nn.Linear(16, d), nn.SiLU(), nn.Linear(d, d))
        self.blocks = nn.ModuleList(Block(d) for _ in range(2))
        self.out = nn.Linear(d, n_mels)

    def forward(self, x, cond, text, time):
        half = torch.arange(8, dtype=torch.float32)
        f = torch.exp(-math.log(1000.0) * half / 8)
        t = time[:, None] * 1000.0 * f[None]
        temb = self.time(torch.cat([t.sin(), t.cos()], dim=-1))
        h = self.inp(torch.cat([x, cond], dim=-1)) + self.text(text) + temb[:, None, :]
        for blk in self.blocks:
            h = blk(h)
        return self.out(h)


class Vocoder(nn.Module):
    def __init__(self, n_mels=32, hop=256):
        super().__init__()
        self.hop = hop
        self.proj = nn.Linear(n_mels, hop)

    def forward(self, mel):
        b = mel.shape[0]
        return torch.tanh(self.proj(mel)).reshape(b, -1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.manual_seed(0)
    n_mels, hop, sr = 32, 256, 24000
    out = os.path.join(a.out, "tts-tiny")
    os.makedirs(out, exist_ok=True)
    vel, voc = Velocity(n_mels).eval(), Vocoder(n_mels, hop).eval()
    b, t = 2, 40
    x, cond = torch.randn(b, t, n_mels), torch.randn(b, t, n_mels)
    text = torch.randint(0, len(CHARS) + 1, (b, t))
    time = torch.tensor([0.25, 0.75])
    with torch.no_grad():
        torch.onnx.export(vel, (x, cond, text, time), os.path.join(out, "velocity.onnx"),
                          input_names=["x", "cond", "text", "time"], output_names=["v"], opset_version=17,
                          dynamic_axes={"x": {0: "batch", 1: "frames"}, "cond": {0: "batch", 1: "frames"},
                                        "text": {0: "batch", 1: "frames"}, "time": {0: "batch"},
                                        "v": {0: "batch", 1: "frames"}})
        torch.onnx.export(voc, (x,), os.path.join(out, "vocoder.onnx"), input_names=["mel"], output_names=["audio"],
                          opset_version=17, dynamic_axes={"mel": {0: "batch", 1: "frames"}, "audio": {0: "batch", 1: "samples"}})
        v = vel(x, cond, text, time)
        audio = voc(x)
    for f in ("velocity.onnx", "vocoder.onnx"):
        onnx.checker.check_model(onnx.load(os.path.join(out, f)))
    with open(os.path.join(out, "tokens.txt"), "w") as f:
        f.write("<filler> 0\n")
        for i, c in enumerate(CHARS, 1):
            f.write(("<space>" if c == " " else c) + f" {i}\n")
    json.dump({"sample_rate": sr, "hop": hop, "n_mels": n_mels, "n_fft": 1024, "win_length": 1024, "f_min": 0,
               "f_max": 12000, "mel_scale": "slaney", "log": "natural", "defaults": {"nfe": 16, "sway": -1.0, "cfg": 2.0,
               "speed": 1.0}}, open(os.path.join(out, "tts.json"), "w"), indent=2)
    json.dump({"x": x.tolist(), "cond": cond.tolist(), "text": text.tolist(), "time": time.tolist(),
               "v_head": [round(float(z), 5) for z in v[0, 0, :8]], "v_sum": round(float(v.sum()), 4),
               "audio_samples": int(audio.shape[1])}, open(os.path.join(out, "golden.json"), "w"))
    print(json.dumps({"velocity_params": sum(p.numel() for p in vel.parameters()), "audio": list(audio.shape)}))


if __name__ == "__main__":
    main()
