"""Writes the noise clips of ADR 0015 into the current folder (16 kHz mono WAV, deterministic).

Run from this folder: python3 make_noise_clips.py; then, from the repository root, for each clip
./sws transcribe CLIP and ./sws transcribe --keep-nonspeech CLIP (noise-clips.tsv).
"""
import wave

import numpy as np

SR = 16000
HERE_SPEECH = "../../../audio/src/test/resources/fixtures/speech-16k.wav"


def save(name, x):
    x = np.clip(x, -1, 1)
    with wave.open(name, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((x * 32767).astype(np.int16).tobytes())


rng = np.random.default_rng(1)
n = SR * 10
t = np.arange(n) / SR
white = rng.standard_normal(n)
for db in (-20, -30, -45):
    save(f"white{db}.wav", white / white.std() * 10 ** (db / 20))
f = np.fft.rfftfreq(n, 1 / SR)
spec = np.fft.rfft(rng.standard_normal(n))
spec[1:] /= np.sqrt(f[1:])
pink = np.fft.irfft(spec, n)
save("pink-25.wav", pink / pink.std() * 10 ** (-25 / 20))
brown = np.cumsum(rng.standard_normal(n))
brown -= np.convolve(brown, np.ones(1600) / 1600, "same")
save("brown-25.wav", brown / brown.std() * 10 ** (-25 / 20))
hum = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in range(1, 8))
save("hum-25.wav", hum / hum.std() * 10 ** (-25 / 20))
music = np.zeros(n)
for i, base in enumerate([220, 262, 196, 247, 220]):
    seg = slice(i * 2 * SR, (i + 1) * 2 * SR)
    tt = t[seg]
    for m in (1, 1.25, 1.5, 2):
        music[seg] += np.sin(2 * np.pi * base * m * tt) * np.exp(-3 * (tt - tt[0]))
save("chords-20.wav", music / music.std() * 10 ** (-20 / 20))
clicks = np.zeros(n)
clicks[rng.integers(0, n, 40)] = 0.5
save("clicks.wav", clicks)

rng = np.random.default_rng(2)
with wave.open(HERE_SPEECH) as w:
    speech = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
for snr in (10, 5, 0):
    noise = rng.standard_normal(len(speech) + 4 * SR)
    noise = noise / noise.std() * speech.std() * 10 ** (-snr / 20)
    y = noise.copy()
    y[2 * SR:2 * SR + len(speech)] += speech
    save(f"speech-snr{snr}.wav", y * 0.8)
