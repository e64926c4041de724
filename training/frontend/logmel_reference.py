#!/usr/bin/env python3
"""Reference log-mel frontend in numpy (float64), the golden source for the Java MelFrontend.

It reproduces what sherpa-onnx computes for NeMo models (kaldi-native-fbank with is_librosa=True):
  * frames of 400 samples every 160 samples, all fully inside the signal (snip_edges),
  * no DC removal, dither 0, pre-emphasis 0.97 applied inside each frame (x[0] -= 0.97 * x[0]),
  * periodic Hann window, zero-padded to a 512-point FFT, power spectrum,
  * Slaney-scale mel filters with Slaney area normalisation between 0 Hz and Nyquist (librosa's defaults),
  * natural log with a floor of FLT_EPSILON.
The house models are trained with the torch port of this function (training/asr/features.py), so training,
this reference and the Java frontend agree.

Usage: logmel_reference.py IN.wav OUT.npy [--mels 80]
"""
import argparse
import wave

import numpy as np

FLT_EPSILON = 1.1920928955078125e-07


def hz_to_mel(hz):
    hz = np.asarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep, hz / f_sp)


def mel_to_hz(mel):
    mel = np.asarray(mel, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(mel >= min_log_mel, min_log_hz * np.exp(logstep * (mel - min_log_mel)), f_sp * mel)


def mel_filters(n_mels, n_fft=512, sr=16000, fmin=0.0, fmax=None):
    fmax = sr / 2 if fmax is None else fmax
    bins = n_fft // 2 + 1
    hz = np.arange(bins) * sr / n_fft
    mels = np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2)
    edges = mel_to_hz(mels)
    w = np.zeros((n_mels, bins))
    for m in range(n_mels):
        left, center, right = edges[m], edges[m + 1], edges[m + 2]
        inside = (hz > left) & (hz < right)
        up = (hz - left) / (center - left)
        down = (right - hz) / (right - center)
        w[m] = np.where(inside, np.where(hz <= center, up, down), 0.0) * (2.0 / (right - left))
    return w


def logmel(samples, n_mels=80, sr=16000, frame_length=400, frame_shift=160, n_fft=512, preemph=0.97):
    x = np.asarray(samples, dtype=np.float64)
    if len(x) < frame_length:
        return np.zeros((0, n_mels))
    n_frames = 1 + (len(x) - frame_length) // frame_shift
    idx = np.arange(frame_length)[None, :] + frame_shift * np.arange(n_frames)[:, None]
    frames = x[idx]
    emph = frames.copy()
    emph[:, 1:] = frames[:, 1:] - preemph * frames[:, :-1]
    emph[:, 0] = frames[:, 0] * (1 - preemph)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(frame_length) / frame_length)
    spec = np.fft.rfft(emph * window, n=n_fft)
    power = spec.real ** 2 + spec.imag ** 2
    energies = power @ mel_filters(n_mels, n_fft, sr).T
    return np.log(np.maximum(energies, FLT_EPSILON))


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1, "mono 16-bit WAV expected"
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return data.astype(np.float64) / 32768.0, w.getframerate()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wav")
    ap.add_argument("out")
    ap.add_argument("--mels", type=int, default=80)
    a = ap.parse_args()
    samples, sr = read_wav(a.wav)
    assert sr == 16000, sr
    feats = logmel(samples, n_mels=a.mels).astype(np.float32)
    np.save(a.out, feats)
    print(f"{a.out}: {feats.shape[0]} frames x {feats.shape[1]} mels, mean {feats.mean():.4f}")


if __name__ == "__main__":
    main()
