"""House audio-class model: is a 1 s window of 16 kHz audio speech, music or other sound (noise, effects)?

The log-mel front end is part of the graph (STFT as a 1-D convolution with fixed cosine/sine kernels), so the ONNX
model takes raw samples and the Java side needs no feature code. Contract (see models/house-audio-classes-s1):
input ``audio`` (B, 16000) float in [-1, 1] -> output ``probs`` (B, 3) in the order of CLASSES.
"""
import math

import numpy as np
import torch
import torch.nn as nn

CLASSES = ["speech", "music", "noise"]
RATE = 16000
WINDOW = RATE
N_FFT, HOP, N_MELS = 400, 160, 64


def mel_filters(n_fft=N_FFT, n_mels=N_MELS, rate=RATE, fmin=40.0, fmax=7600.0):
    """HTK-style triangular mel filters, (n_mels, n_fft // 2 + 1)."""
    def mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def hz(m):
        return 700.0 * (10 ** (m / 2595.0) - 1.0)
    pts = hz(np.linspace(mel(fmin), mel(fmax), n_mels + 2))
    freqs = np.linspace(0, rate / 2, n_fft // 2 + 1)
    fb = np.zeros((n_mels, len(freqs)), np.float32)
    for i in range(n_mels):
        lo, c, hi = pts[i], pts[i + 1], pts[i + 2]
        fb[i] = np.clip(np.minimum((freqs - lo) / (c - lo), (hi - freqs) / (hi - c)), 0, None)
    return fb


class LogMel(nn.Module):
    def __init__(self):
        super().__init__()
        n = torch.arange(N_FFT, dtype=torch.float32)
        win = 0.5 - 0.5 * torch.cos(2 * math.pi * n / N_FFT)
        k = torch.arange(N_FFT // 2 + 1, dtype=torch.float32)[:, None]
        ang = 2 * math.pi * k * n[None] / N_FFT
        self.register_buffer("kernel", torch.cat([torch.cos(ang) * win, -torch.sin(ang) * win])[:, None, :])
        self.register_buffer("fb", torch.from_numpy(mel_filters()))

    def forward(self, x):                       # (B, T) -> (B, 1, n_mels, frames)
        spec = torch.nn.functional.conv1d(x[:, None, :], self.kernel, stride=HOP)
        half = spec.shape[1] // 2
        power = spec[:, :half] ** 2 + spec[:, half:] ** 2
        return torch.log(torch.matmul(self.fb, power) + 1e-6)[:, None]


class AudioClasses(nn.Module):
    def __init__(self, widths=(16, 32, 64, 64)):
        super().__init__()
        self.mel = LogMel()
        self.norm = nn.BatchNorm2d(1)
        layers, c = [], 1
        for w in widths:
            layers += [nn.Conv2d(c, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(2)]
            c = w
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(c, len(CLASSES))

    def logits(self, audio):
        h = self.body(self.norm(self.mel(audio)))
        return self.head(h.mean(dim=(2, 3)))

    def forward(self, audio):
        return torch.softmax(self.logits(audio), dim=-1)
