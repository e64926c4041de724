"""Torch port of training/frontend/logmel_reference.py (same numbers, float32, batched, GPU-friendly).

Also provides vocal-tract-length perturbation by warping the mel filters' frequency axis per utterance.
"""
import math

import numpy as np
import torch

FLT_EPSILON = 1.1920928955078125e-07


def _hz_to_mel(hz):
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, math.log(6.4) / 27.0
    hz = np.asarray(hz, dtype=np.float64)
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep, hz / f_sp)


def _mel_to_hz(mel):
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, math.log(6.4) / 27.0
    mel = np.asarray(mel, dtype=np.float64)
    return np.where(mel >= min_log_mel, min_log_hz * np.exp(logstep * (mel - min_log_mel)), f_sp * mel)


def mel_filters(n_mels=80, n_fft=512, sr=16000, warp=1.0):
    """(bins, n_mels) Slaney filters; warp > 1 stretches the filters' edges (VTLP), clamped below Nyquist."""
    bins = n_fft // 2 + 1
    hz = np.arange(bins) * sr / n_fft
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(sr / 2), n_mels + 2))
    if warp != 1.0:
        # piecewise-linear warp (as in Kaldi VTLN): scale below 0.85*nyquist, bend to keep nyquist fixed
        nyq = sr / 2
        cut = 0.85 * nyq * min(1.0, 1.0 / warp)
        edges = np.where(edges <= cut, edges * warp, cut * warp + (edges - cut) * (nyq - cut * warp) / (nyq - cut))
    w = np.zeros((n_mels, bins))
    for m in range(n_mels):
        left, center, right = edges[m], edges[m + 1], edges[m + 2]
        inside = (hz > left) & (hz < right)
        up = (hz - left) / max(center - left, 1e-6)
        down = (right - hz) / max(right - center, 1e-6)
        w[m] = np.where(inside, np.where(hz <= center, up, down), 0.0) * (2.0 / max(right - left, 1e-6))
    return torch.tensor(w.T, dtype=torch.float32)


class LogMel(torch.nn.Module):
    def __init__(self, n_mels=80, frame_length=400, frame_shift=160, n_fft=512, preemph=0.97, warps=(1.0,)):
        super().__init__()
        self.n_mels, self.frame_length, self.frame_shift, self.n_fft, self.preemph = n_mels, frame_length, frame_shift, n_fft, preemph
        n = torch.arange(frame_length, dtype=torch.float64)
        self.register_buffer("window", (0.5 - 0.5 * torch.cos(2 * math.pi * n / frame_length)).float(), persistent=False)
        self.register_buffer("banks", torch.stack([mel_filters(n_mels, n_fft, 16000, w) for w in warps]), persistent=False)

    def num_frames(self, n_samples):
        return torch.clamp((n_samples - self.frame_length) // self.frame_shift + 1, min=0)

    def forward(self, wav, lengths, warp_index=None):
        """wav (B, N) float in [-1,1] -> (B, T, n_mels), frame lengths (B,)."""
        frames = wav.unfold(1, self.frame_length, self.frame_shift)  # (B, T, L)
        emph = torch.cat([frames[..., :1] * (1 - self.preemph), frames[..., 1:] - self.preemph * frames[..., :-1]], dim=-1)
        spec = torch.fft.rfft(emph * self.window, n=self.n_fft)
        power = spec.real ** 2 + spec.imag ** 2
        if warp_index is None:
            mel = power @ self.banks[0]
        else:
            mel = torch.bmm(power, self.banks[warp_index])
        return torch.log(torch.clamp(mel, min=FLT_EPSILON)), self.num_frames(lengths)
