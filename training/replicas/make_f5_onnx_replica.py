#!/usr/bin/env python3
"""Replica of the public F5-TTS three-graph ONNX export (DakeQQ/F5-TTS-ONNX, Export_F5.py): the same graph, input and
output names, ranks and dtypes, tiny random weights, so the Java loader is tested before anyone has the 1.3 GB files.

  F5_Preprocess.onnx   audio int16 (1,1,N), text_ids int32 (1,L), max_duration int64 (1)
                       -> noise (1,T,M), rope_cos_q/rope_sin_q (2,H,T,D), rope_cos_k/rope_sin_k (2,H,D,T),
                          cat_mel_text (1,T,E), cat_mel_text_drop (1,T,E), ref_signal_len int64 ()
  F5_Transformer.onnx  the seven tensors above + time_step int32 (1) -> denoised (1,T,M), time_step int32 (1)
                       (one Euler step; NFE, CFG strength and sway are baked into the graph at export)
  F5_Decode.onnx       denoised (1,T,M), ref_signal_len int64 () -> output_audio int16 (1,1,(T - ref) * hop)
  vocab.txt            one symbol per line, id = line number (F5-TTS's vocabulary file)
  f5.json              sample_rate, hop, nfe_steps (the NFE the transformer graph was exported with)
Usage: make_f5_onnx_replica.py --out tts/src/test/resources/replicas/f5-onnx
"""
import argparse
import json
import math
import os

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

HOP, M, H, D, TXT, NFE, CFG, SWAY = 64, 8, 2, 4, 4, 8, 2.0, -1.0
VOCAB = [" "] + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,'!?")


class Preprocess(nn.Module):
    def __init__(self):
        super().__init__()
        self.frame = nn.Conv1d(1, M, 2 * HOP, stride=HOP, padding=HOP, bias=False)
        self.embed = nn.Embedding(len(VOCAB) + 1, TXT)

    def forward(self, audio, text_ids, max_duration):
        x = audio.float() / 32768.0
        mel = torch.log(self.frame(x).abs().clamp(min=1e-5)).transpose(1, 2)       # (1, N // HOP + 1, M)
        ref = mel.shape[1]
        steps = torch.arange(max_duration[0])                                      # dynamic T
        zeros = (steps[None, :, None].float() * 0.0).expand(1, -1, M)
        mel_full = torch.cat([mel, zeros[:, ref:]], dim=1)
        ids = torch.cat([text_ids + 1, (steps[None, :] * 0).to(text_ids.dtype)], dim=1)[:, :zeros.shape[1]]
        text = self.embed(ids.long())
        noise = torch.randn_like(zeros)
        ang = steps.float()[:, None] * torch.arange(1, D + 1).float()[None, :] * 0.01
        cos = ang.cos()[None, None].expand(2, H, -1, -1)
        sin = ang.sin()[None, None].expand(2, H, -1, -1)
        cat = torch.cat([mel_full, text], dim=-1)
        drop = torch.cat([zeros, self.embed(ids.long() * 0)], dim=-1)
        return noise, cos, sin, cos.transpose(-1, -2), sin.transpose(-1, -2), cat, drop, torch.tensor(ref)


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Linear(M + M + TXT, M)
        t = torch.linspace(0, 1, NFE)
        t = t + SWAY * (torch.cos(math.pi / 2 * t) - 1 + t)
        self.register_buffer("delta_t", torch.diff(t))

    def forward(self, noise, cos_q, sin_q, cos_k, sin_k, cat, drop, time_step):
        rope = (cos_q.mean() + sin_q.mean() + cos_k.mean() + sin_k.mean()) * 1e-3
        vc = self.net(torch.cat([noise, cat], dim=-1)) + rope
        vu = self.net(torch.cat([noise, drop], dim=-1)) + rope
        dt = self.delta_t[time_step.long()]
        return noise + (vc + (vc - vu) * CFG) * dt, time_step + 1


class Decode(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.Linear(M, HOP)

    def forward(self, denoised, ref_signal_len):
        x = denoised[:, ref_signal_len:]
        y = torch.tanh(self.up(x)).reshape(1, 1, -1)
        return (y * 32767.0).clamp(-32768, 32767).to(torch.int16)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    pre, tr, dec = Preprocess().eval(), Transformer().eval(), Decode().eval()
    audio = torch.randint(-3000, 3000, (1, 1, 1000), dtype=torch.int16)
    text_ids = torch.randint(0, len(VOCAB), (1, 12), dtype=torch.int32)
    max_duration = torch.tensor([30], dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(pre, (audio, text_ids, max_duration), os.path.join(out, "F5_Preprocess.onnx"),
                          input_names=["audio", "text_ids", "max_duration"],
                          output_names=["noise", "rope_cos_q", "rope_sin_q", "rope_cos_k", "rope_sin_k", "cat_mel_text",
                                        "cat_mel_text_drop", "ref_signal_len"],
                          dynamic_axes={"audio": {2: "audio_len"}, "text_ids": {1: "text_ids_len"}, "noise": {1: "max_duration"},
                                        "rope_cos_q": {2: "max_duration"}, "rope_sin_q": {2: "max_duration"},
                                        "rope_cos_k": {3: "max_duration"}, "rope_sin_k": {3: "max_duration"},
                                        "cat_mel_text": {1: "max_duration"}, "cat_mel_text_drop": {1: "max_duration"}},
                          opset_version=17)
        outs = pre(audio, text_ids, max_duration)
        torch.onnx.export(tr, tuple(outs[:7]) + (torch.tensor([0], dtype=torch.int32),), os.path.join(out, "F5_Transformer.onnx"),
                          input_names=["noise", "rope_cos_q", "rope_sin_q", "rope_cos_k", "rope_sin_k", "cat_mel_text",
                                       "cat_mel_text_drop", "time_step"],
                          output_names=["denoised", "time_step_next"],
                          dynamic_axes={"noise": {1: "max_duration"}, "rope_cos_q": {2: "max_duration"},
                                        "rope_sin_q": {2: "max_duration"}, "rope_cos_k": {3: "max_duration"},
                                        "rope_sin_k": {3: "max_duration"}, "cat_mel_text": {1: "max_duration"},
                                        "cat_mel_text_drop": {1: "max_duration"}, "denoised": {1: "max_duration"}},
                          opset_version=17)
        torch.onnx.export(dec, (outs[0], outs[7]), os.path.join(out, "F5_Decode.onnx"), input_names=["denoised", "ref_signal_len"],
                          output_names=["output_audio"], dynamic_axes={"denoised": {1: "max_duration"}, "output_audio": {2: "generated_len"}},
                          opset_version=17)
    for f in ("F5_Preprocess.onnx", "F5_Transformer.onnx", "F5_Decode.onnx"):
        onnx.checker.check_model(onnx.load(os.path.join(out, f)))
    with open(os.path.join(out, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")
    json.dump({"sample_rate": 24000, "hop": HOP, "nfe_steps": NFE}, open(os.path.join(out, "f5.json"), "w"), indent=2)
    print("replica written to", out, "ref frames", int(outs[7]))


if __name__ == "__main__":
    main()
