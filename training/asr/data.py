"""Training data on the GPU: synthetic shards (picked up while generation runs), real recordings, length-bucketed
batches, and the augmentation chain that bridges synthetic speech to real microphones and phone lines."""
import glob
import json
import math
import os
import subprocess
import wave

import numpy as np
import torch
import torch.nn.functional as F


def decode_flac(path):
    """FLAC -> int16 numpy with the `flac` tool (carried to the GPU host as a .deb)."""
    wav = path[:-5] + ".decoded.wav"
    if not os.path.exists(wav):
        tmp = wav + f".{os.getpid()}.tmp"
        subprocess.run(["flac", "-s", "-d", "-f", "-o", tmp, path], check=True)
        os.replace(tmp, wav)
    with wave.open(wav, "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy(), w.getframerate()


class Pool:
    """Utterances as one int16 tensor on the device plus offsets, tokens and texts."""

    def __init__(self, device, max_seconds=24):
        self.device = device
        self.max_samples = int(16000 * max_seconds)
        self.chunks = []          # int16 tensors
        self.starts = []          # (chunk index, start, length) per utterance
        self.tokens = []
        self.texts = []
        self.voices = []

    def add(self, audio_int16, offsets, texts, voices, sp):
        ci = len(self.chunks)
        self.chunks.append(torch.from_numpy(audio_int16).to(self.device))
        ids = sp.encode(list(texts))
        for i, t in enumerate(texts):
            n = int(offsets[i + 1] - offsets[i])
            if n < 3200 or n > self.max_samples or not ids[i]:
                continue
            self.starts.append((ci, int(offsets[i]), n))
            self.tokens.append(ids[i])
            self.texts.append(str(t))
            self.voices.append(str(voices[i]))
        self._sorted = None

    @classmethod
    def of_clips(cls, device, clips, texts, voices, sp, max_seconds=24):
        """A pool of int16 clips, one utterance each."""
        pool = cls(device, max_seconds=max_seconds)
        pool.add(np.concatenate(clips), np.cumsum([0] + [len(c) for c in clips]), texts, voices, sp)
        return pool

    def __len__(self):
        return len(self.starts)

    def hours(self):
        return sum(s[2] for s in self.starts) / 16000 / 3600

    def order(self):
        if getattr(self, "_sorted", None) is None:
            self._sorted = np.argsort([s[2] for s in self.starts], kind="stable")
        return self._sorted

    def audio(self, i):
        ci, st, n = self.starts[i]
        return self.chunks[ci][st:st + n]

    def sample_bucket(self, rng, budget_samples, max_utts, shortest=1.0):
        """A contiguous run of similar-length utterances around a random position (drawn from the `shortest`
        fraction of the length order), within the budget."""
        order = self.order()
        p = rng.integers(max(1, int(len(order) * shortest)))
        picked, longest = [], 0
        lo, hi = p, p
        while len(picked) < max_utts:
            cand = []
            if hi < len(order):
                cand.append(("hi", order[hi]))
            if lo - 1 >= 0:
                cand.append(("lo", order[lo - 1]))
            if not cand:
                break
            side, idx = cand[rng.integers(len(cand))]
            n = self.starts[idx][2]
            if max(longest, n) * (len(picked) + 1) > budget_samples and picked:
                break
            picked.append(int(idx))
            longest = max(longest, n)
            if side == "hi":
                hi += 1
            else:
                lo -= 1
        return picked


def load_real(path, sp, device, upsample_to=16000):
    audio, rate = decode_flac(path + ".flac")
    meta = json.load(open(path + ".json"))
    offsets = np.asarray(meta["offsets"])
    if rate != upsample_to:
        from scipy.signal import resample_poly
        # band-limited 8 kHz -> 16 kHz (polyphase) keeps the telephone-band character
        g = np.gcd(rate, upsample_to)
        x = resample_poly(audio.astype(np.float32), upsample_to // g, rate // g)
        audio = np.clip(np.round(x), -32768, 32767).astype(np.int16)
        offsets = np.round(offsets * upsample_to / rate).astype(np.int64)
    pool = Pool(device)
    pool.add(audio, offsets, meta["texts"], meta.get("names") or [os.path.basename(path)] * len(meta["texts"]), sp)
    return pool, meta


def decode_opus(path, rate=16000):
    """Ogg Opus -> int16 numpy at `rate` with `opusdec` (Debian opus-tools, carried to the GPU host as a .deb)."""
    out = subprocess.run(["opusdec", "--quiet", "--no-dither", "--rate", str(rate), path, "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<i2").copy()


def read_index(folder):
    """The rows of index.tsv (pack_corpora.py) as dicts; the text has no quoting."""
    with open(os.path.join(folder, "index.tsv"), encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def load_corpora(folder, sp, device, split, workers=12):
    """The real corpora packed by training/data/pack_corpora.py, decoded once (cached as corpora-SPLIT.npz): a Pool
    per corpus holding the utterances of `split`, in index order (consecutive utterances of a speaker stay together,
    which join_long uses). Voices are "corpus/speaker"."""
    from concurrent.futures import ThreadPoolExecutor
    rows = [r for r in read_index(folder) if r["split"] == split]
    cache = os.path.join(folder, f"corpora-{split}.npz")
    if os.path.exists(cache):
        d = np.load(cache)
        audio, offsets = d["audio"], d["offsets"]
    else:
        with ThreadPoolExecutor(workers) as ex:
            clips = list(ex.map(lambda r: decode_opus(os.path.join(folder, r["corpus"], r["path"])), rows))
        offsets = np.cumsum([0] + [len(c) for c in clips])
        audio = np.concatenate(clips)
        np.savez(cache + ".tmp.npz", audio=audio, offsets=offsets)
        os.replace(cache + ".tmp.npz", cache)
    pools = {}
    for corpus in dict.fromkeys(r["corpus"] for r in rows):
        sel = [i for i, r in enumerate(rows) if r["corpus"] == corpus]
        pools[corpus] = Pool.of_clips(device, [audio[offsets[i]:offsets[i + 1]] for i in sel],
                                      [rows[i]["normalized"] for i in sel],
                                      [corpus + "/" + rows[i]["speaker"] for i in sel], sp)
    return pools


def join_long(pools, count, seed, sp, device, lo_s=10.0, hi_s=28.0, sr=16000):
    """Long-form inputs: runs of consecutive utterances of one speaker joined with pauses of 0.2-1.5 s (a faint noise
    floor), each run 10-28 s long, drawn in proportion to each speaker's speech, so that long files and the pauses between sentences are trained, not only single
    prompts. Drawn from the given pools (by their voices); the text is the utterances' texts in order."""
    rng = np.random.default_rng(seed)
    runs = []  # (pool, [indices]) of consecutive utterances of one voice
    for pool in pools:
        cur = []
        for i in range(len(pool)):
            if cur and pool.voices[cur[-1]] != pool.voices[i]:
                runs.append((pool, cur))
                cur = []
            cur.append(i)
        if cur:
            runs.append((pool, cur))
    runs = [r for r in runs if sum(r[0].starts[i][2] for i in r[1]) >= lo_s * sr]
    dur = np.array([sum(r[0].starts[i][2] for i in r[1]) for r in runs], dtype=np.float64)
    clips, texts, voices = [], [], []
    for _ in range(count):
        pool, idx = runs[rng.choice(len(runs), p=dur / dur.sum())]  # by duration: each hour of speech alike
        target = rng.uniform(lo_s, hi_s) * sr
        j = int(rng.integers(len(idx)))
        parts, words, n = [], [], 0
        while j < len(idx) and n < target:
            a = pool.audio(idx[j]).cpu().numpy()
            if n + len(a) > hi_s * sr and parts:
                break
            parts.append(a)
            words.append(pool.texts[idx[j]])
            gap = np.round(rng.normal(0, 3, int(rng.uniform(0.2, 1.5) * sr))).astype(np.int16)
            parts.append(gap)
            n += len(a) + len(gap)
            j += 1
        u = np.concatenate(parts[:-1])
        if len(u) > hi_s * sr:
            continue
        clips.append(u)
        texts.append(" ".join(words))
        voices.append("long-" + pool.voices[idx[0]])
    return Pool.of_clips(device, clips, texts, voices, sp, max_seconds=hi_s + 0.5)


def digit_strings(pool, count, seed, sp, device, sr=16000):
    """A pool of digit strings joined from isolated takes (FSDD): 2-7 digits by one speaker, every other string with a
    digit said twice in a row ("nine four four one"). The real speakers with text say digits only one at a time, and
    the recogniser learned to collapse repeats in real voices (17.31 % WER on such strings, single digits
    2.20 %). Each take keeps a random part of its own leading and trailing pause; gaps of 0-150 ms carry a faint
    noise floor. The pool's voices are the takes' file names, {digit}_{speaker}_{take} (load_real)."""
    rng = np.random.default_rng(seed)
    by = {}
    for i, name in enumerate(pool.voices):
        by.setdefault(name.split("_")[1], {}).setdefault(pool.texts[i], []).append(i)
    speakers = sorted(s for s, d in by.items() if len(d) == 10)
    words = sorted(by[speakers[0]])
    clips, texts, voices = [], [], []
    for k in range(count):
        spk = speakers[rng.integers(len(speakers))]
        n = int(rng.integers(2, 8))
        ds = [words[rng.integers(len(words))] for _ in range(n)]
        if k % 2 == 0:
            j = int(rng.integers(n - 1))
            ds[j + 1] = ds[j]
        parts = []
        for w in ds:
            a = pool.audio(by[spk][w][rng.integers(len(by[spk][w]))]).cpu().numpy()
            env = np.abs(a.astype(np.float32))
            loud = np.flatnonzero(env > 0.1 * env.max())
            s0, s1 = (loud[0], loud[-1] + 1) if len(loud) else (0, len(a))
            a = a[int(s0 * rng.uniform(0.3, 1.0)): len(a) - int((len(a) - s1) * rng.uniform(0.3, 1.0))]
            parts.append(a)
            gap = int(rng.uniform(0, 0.15) * sr)
            parts.append(np.round(rng.normal(0, 3, gap)).astype(np.int16))
        clips.append(np.concatenate(parts[:-1]))
        texts.append(" ".join(ds))
        voices.append("strings-" + spk)
    return Pool.of_clips(device, clips, texts, voices, sp)


class ShardWatcher:
    def __init__(self, folder, pool, sp):
        self.folder, self.pool, self.sp = folder, pool, sp
        self.loaded = set()

    def poll(self):
        new = 0
        for f in sorted(glob.glob(os.path.join(self.folder, "shard-*.npz"))):
            if f in self.loaded or f.endswith(".tmp.npz"):
                continue
            d = np.load(f)
            self.pool.add(d["audio"], d["offsets"], d["texts"], d["voices"], self.sp)
            self.loaded.add(f)
            new += 1
        return new


# ----------------------------------------------------------------------------------------------- augmentation

def _rms(x, lens):
    mask = torch.arange(x.shape[1], device=x.device)[None, :] < lens[:, None]
    return torch.sqrt((x.pow(2) * mask).sum(1) / lens.clamp(min=1) + 1e-10)


def colored_noise(b, n, device, gen, beta):
    """1/f^beta noise (0 white, 1 pink, 2 brown), unit RMS."""
    spec = torch.randn(b, n // 2 + 1, dtype=torch.complex64, device=device, generator=gen)
    f = torch.arange(n // 2 + 1, device=device).float().clamp(min=1)
    x = torch.fft.irfft(spec * f.pow(-beta / 2)[None, :], n=n)
    return x / x.pow(2).mean(1, keepdim=True).sqrt().clamp(min=1e-8)


def synthetic_rir(b, device, gen, sr=16000):
    """Exponentially decaying noise tails with random RT60 (0.15-0.9 s) and a direct path."""
    rt60 = 0.15 + 0.75 * torch.rand(b, 1, device=device, generator=gen)
    n = int(0.9 * sr)
    t = torch.arange(n, device=device).float()[None, :] / sr
    env = torch.exp(-6.9 * t / rt60)
    rir = torch.randn(b, n, device=device, generator=gen) * env * 0.3
    delay = (torch.rand(b, device=device, generator=gen) * 0.004 * sr).long()
    rir[torch.arange(b, device=device), delay] += 1.0
    return rir / rir.norm(dim=1, keepdim=True)


def fft_conv(x, h):
    n = x.shape[1] + h.shape[1]
    nfft = 1 << (n - 1).bit_length()
    y = torch.fft.irfft(torch.fft.rfft(x, nfft) * torch.fft.rfft(h, nfft), nfft)
    return y[:, :x.shape[1]]


def band_limit(x, lo_hz, hi_hz, sr=16000):
    """Per-utterance brick-wall band-pass in the frequency domain (lo_hz, hi_hz: (B,))."""
    n = x.shape[1]
    spec = torch.fft.rfft(x)
    f = torch.fft.rfftfreq(n, 1 / sr).to(x.device)[None, :]
    mask = (f >= lo_hz[:, None]) & (f <= hi_hz[:, None])
    return torch.fft.irfft(spec * mask, n=n)


def mulaw(x, mu=255.0):
    y = torch.sign(x) * torch.log1p(mu * x.abs().clamp(max=1)) / math.log1p(mu)
    y = torch.round((y + 1) * 127.5) / 127.5 - 1
    return torch.sign(y) * ((1 + mu) ** y.abs() - 1) / mu


def speed_perturb(x, lens, factor):
    """Resample the whole batch by 1/factor (faster speech for factor > 1) with band-limited FFT resampling."""
    if factor == 1.0:
        return x, lens
    n = x.shape[1]
    m = int(round(n / factor))
    spec = torch.fft.rfft(x)
    k = m // 2 + 1
    if k <= spec.shape[1]:
        spec = spec[:, :k]
    else:
        spec = F.pad(spec, (0, k - spec.shape[1]))
    y = torch.fft.irfft(spec, n=m) * (m / n)
    return y, torch.clamp((lens.float() / factor).round().long(), max=m)


def augment(x, lens, gen, noise_bank, strength=1.0):
    """x (B,N) float in [-1,1] (padded with zeros). Returns augmented audio; lengths unchanged."""
    b, n = x.shape
    dev = x.device
    u = lambda: torch.rand(b, device=dev, generator=gen)
    valid = (torch.arange(n, device=dev)[None, :] < lens[:, None]).float()
    # reverberation
    sel = (u() < 0.3 * strength).float()[:, None]
    if sel.any():
        wet = fft_conv(x, synthetic_rir(b, dev, gen))
        wet = wet * (_rms(x, lens) / _rms(wet, lens).clamp(min=1e-6))[:, None]
        x = sel * wet + (1 - sel) * x
    # additive noise: white / pink / brown / recorded noise / babble, SNR 3..30 dB
    sel = (u() < 0.5 * strength).float()[:, None]
    if sel.any():
        kind = torch.randint(0, 5, (b,), device=dev, generator=gen)
        noise = torch.zeros_like(x)
        for k, beta in ((0, 0.0), (1, 1.0), (2, 2.0)):
            m = (kind == k).float()[:, None]
            noise = noise + m * colored_noise(b, n, dev, gen, beta)
        if noise_bank is not None and len(noise_bank) > n:
            st = torch.randint(0, len(noise_bank) - n, (b,), device=dev, generator=gen)
            rec = torch.stack([noise_bank[s:s + n] for s in st.tolist()])
            rec = rec / rec.pow(2).mean(1, keepdim=True).sqrt().clamp(min=1e-6)
            noise = noise + (kind == 3).float()[:, None] * rec
        babble = sum(torch.roll(x, shifts=int(s), dims=0) for s in (1, 2, 3))
        babble = babble / babble.pow(2).mean(1, keepdim=True).sqrt().clamp(min=1e-6)
        noise = noise + (kind == 4).float()[:, None] * babble
        snr = 3 + 27 * u()
        scale = _rms(x, lens) / (10 ** (snr / 20))
        x = x + sel * noise * scale[:, None] * valid
    # telephone / band limiting
    sel = u() < 0.25 * strength
    if sel.any():
        lo = torch.where(u() < 0.5, 50 + 250 * u(), torch.zeros(b, device=dev))
        hi = 3200 + 4500 * u()
        bl = band_limit(x, lo, hi)
        x = torch.where(sel[:, None], bl, x)
    sel = (u() < 0.08 * strength)[:, None]
    x = torch.where(sel, mulaw(x), x)
    # level: peak between -30 and -1 dBFS
    peak = x.abs().amax(1).clamp(min=1e-4)
    target = 10 ** (-(1 + 29 * u()) / 20)
    x = x * (target / peak)[:, None]
    return x.clamp(-1, 1) * valid


def spec_augment(feats, lens, gen, n_freq=2, f_width=15, n_time=6, t_width=25):
    b, t, f = feats.shape
    dev = feats.device
    out = feats.clone()
    fill = feats.mean()
    for _ in range(n_freq):
        w = torch.randint(0, f_width + 1, (b,), device=dev, generator=gen)
        s = (torch.rand(b, device=dev, generator=gen) * (f - w)).long()
        ar = torch.arange(f, device=dev)[None, :]
        m = (ar >= s[:, None]) & (ar < (s + w)[:, None])
        out = out.masked_fill(m[:, None, :], fill)
    for _ in range(n_time):
        w = torch.minimum(torch.randint(0, t_width + 1, (b,), device=dev, generator=gen), (lens // 10).clamp(min=1))
        s = (torch.rand(b, device=dev, generator=gen) * (lens - w).clamp(min=1)).long()
        ar = torch.arange(t, device=dev)[None, :]
        m = (ar >= s[:, None]) & (ar < (s + w)[:, None])
        out = out.masked_fill(m[:, :, None], fill)
    return out


if __name__ == "__main__":  # decode the packed corpora once before several runs start: data.py CORPORA_DIR
    import sys
    import sentencepiece as spm
    sp_ = spm.SentencePieceProcessor(model_file=os.path.join(os.path.dirname(__file__), "tokenizer", "bpe256.model"))
    for split_ in ("train", "dev"):
        for name_, p_ in load_corpora(sys.argv[1], sp_, "cpu", split_, workers=os.cpu_count() or 4).items():
            print(split_, name_, len(p_), "utterances", round(p_.hours(), 3), "h")
