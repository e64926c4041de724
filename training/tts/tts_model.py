"""House TTS models: the flow-matching velocity model (F5-style DiT over mel frames), the mel vocoder
(Vocos-style ConvNeXt + inverse STFT) and the speaker encoder, plus the mel front end they share.

Mel (also ported to Java, dev.sws.tts.TtsMel, checked by a golden test): 16 kHz, n_fft = win = 1024, hop 256,
periodic Hann, zero padding of (n_fft - hop) / 2 on both sides (so N samples -> N / hop frames), magnitude
spectrum, 80 Slaney mel filters 0..8 kHz, natural log of max(mel, 1e-5).

Text layout "uniform": the character ids are spread evenly over the frames they speak (frame f of T gets
character floor(f * N / T)), which gives the model a rough monotonic alignment to refine instead of the
fully implicit alignment of F5-TTS's filler padding (too slow to learn in minutes of training).

Text units (VelocityConfig.text_units): "chars" (ids 1..28 above) or "phonemes": each word found in the lexicon (CMU
pronouncing dictionary as Debian's pocketsphinx-en-us ships it: 39 ARPAbet phones, no stress; first pronunciation)
becomes its phones (ids 29..67), any other word its letters, spaces stay spaces (ADR 0009). Phones
are far closer to even in duration than letters ("though" is 6 letters, 2 phones), so the uniform layout starts nearer
the true alignment, and spelling no longer has to be learnt from minutes of data. Java: dev.sws.tts.LexiconTokens.
"""
import gzip
import math
import os
import re
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

from training.asr.features import mel_filters
from training.codec.codec_model import ConvNeXt, ISTFT

CHARS = list(" abcdefghijklmnopqrstuvwxyz'")   # id 0 is the filler (also "no text" for guidance)
PHONES = ("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH").split()
LEXICON_SOURCES = [os.environ.get("SWS_TTS_LEXICON", ""),
                   os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "house-tts-en-s1",
                                "lexicon.txt.gz"),
                   "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"]
SR, N_FFT, HOP, N_MELS = 16000, 1024, 256, 80
MEL_MEAN, MEL_STD = -5.0, 2.5                     # the velocity model works on (logmel - mean) / std


def symbols(units):
    """Token symbols by id (id 0 the filler) for a model's text units."""
    return ["<filler>"] + CHARS + (PHONES if units == "phonemes" else [])


_lexicon = {}


def read_lexicon(path):
    """word -> phones from a "word PH PH ..." file (plain or .gz); alternates "word(2)" and words outside a-z' skipped."""
    ok = re.compile(r"[a-z']+")
    lex = {}
    with (gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not ok.fullmatch(parts[0]) or parts[0] in lex:
                continue
            assert all(p in PHONES for p in parts[1:]), line
            lex[parts[0]] = parts[1:]
    return lex


def lexicon():
    if not _lexicon:
        path = next((p for p in LEXICON_SOURCES if p and os.path.exists(p)), None)
        if path is None:
            raise FileNotFoundError("no pronouncing dictionary: set SWS_TTS_LEXICON or install pocketsphinx-en-us")
        _lexicon.update(read_lexicon(path))
    return _lexicon


def encode_text(text, units="chars", rng=None, letter_rate=0.0):
    """Token ids of normalised text. With phonemes, a word in the lexicon is spelled in letters anyway with probability
    letter_rate (training only, given an rng: keeps the letter ids trained for the words the lexicon lacks)."""
    if units == "chars":
        return [CHARS.index(c) + 1 for c in text if c in CHARS]
    assert units == "phonemes", units
    lex, ids = lexicon(), []
    for piece in re.findall(r"[^ ]+| ", text):
        phones = lex.get(piece)
        if piece == " " or phones is None or (rng is not None and rng.random() < letter_rate):
            ids += encode_text(piece)
        else:
            ids += [len(CHARS) + 1 + PHONES.index(p) for p in phones]
    return ids


def uniform_layout(ids, frames):
    """(N,) char ids -> (frames,) ids, each character spread evenly; all filler when there is no text."""
    if len(ids) == 0:
        return torch.zeros(frames, dtype=torch.long)
    ids = torch.as_tensor(ids, dtype=torch.long)
    idx = (torch.arange(frames) * len(ids)) // frames
    return ids[idx]


class TtsMel(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("fb", mel_filters(N_MELS, N_FFT, SR), persistent=False)       # (bins, mels)
        self.register_buffer("win", torch.hann_window(N_FFT, periodic=True), persistent=False)

    def forward(self, wav):  # (B, N) float -> (B, N // HOP, 80)
        n = wav.shape[1] // HOP * HOP
        pad = (N_FFT - HOP) // 2
        x = F.pad(wav[:, :n], (pad, pad))
        spec = torch.stft(x, N_FFT, HOP, window=self.win, center=False, return_complex=True).abs()  # (B, bins, T)
        return torch.log(torch.clamp(spec.transpose(1, 2) @ self.fb, min=1e-5))


@dataclass
class VelocityConfig:
    vocab: int = len(CHARS) + 1
    n_mels: int = N_MELS
    d_model: int = 320
    n_layers: int = 8
    n_heads: int = 5
    ff_mult: int = 3
    text_dim: int = 160
    text_blocks: int = 3
    text_units: str = "chars"

    def to_json(self):
        return asdict(self)


def rope(x, cos, sin):  # x (B, H, T, D)
    x1, x2 = x[..., ::2], x[..., 1::2]
    return torch.stack([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1).flatten(-2)


def attend(q, k, v, key_mask=None):
    """Softmax attention; PyTorch's fused kernel when training, written out for export and old PyTorch."""
    if hasattr(F, "scaled_dot_product_attention") and not torch.onnx.is_in_onnx_export():
        return F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask)
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if key_mask is not None:
        s = s.masked_fill(~key_mask, float("-inf"))
    return s.softmax(-1) @ v


class PlainNorm(nn.Module):
    """LayerNorm without scale and shift, written out (PyTorch 1.13 exports it with an empty scale input)."""

    def __init__(self, eps=1e-6):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)
        return (x - mu) / torch.sqrt(var + self.eps)


class DiTBlock(nn.Module):
    def __init__(self, d, heads, ff_mult):
        super().__init__()
        self.h, self.dh = heads, d // heads
        self.mod = nn.Linear(d, 6 * d)
        nn.init.zeros_(self.mod.weight)
        nn.init.zeros_(self.mod.bias)
        self.n1 = PlainNorm()
        self.n2 = PlainNorm()
        self.qkv, self.o = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ff = nn.Sequential(nn.Linear(d, ff_mult * d), nn.GELU(approximate="tanh"), nn.Linear(ff_mult * d, d))

    def forward(self, x, temb, cos, sin, key_mask=None):
        b, t, d = x.shape
        s1, c1, g1, s2, c2, g2 = self.mod(F.silu(temb))[:, None, :].chunk(6, dim=-1)
        h = self.n1(x) * (1 + c1) + s1
        q, k, v = self.qkv(h).view(b, t, 3, self.h, self.dh).permute(2, 0, 3, 1, 4)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        att = attend(q, k, v, key_mask)
        x = x + g1 * self.o(att.transpose(1, 2).reshape(b, t, d))
        return x + g2 * self.ff(self.n2(x) * (1 + c2) + s2)


class Velocity(nn.Module):
    """x (B,T,M) noisy mel, cond (B,T,M) masked reference mel, text (B,T) ids, time (B) -> v (B,T,M)."""

    def __init__(self, cfg: VelocityConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.text_emb = nn.Embedding(cfg.vocab, cfg.text_dim)
        self.text_blocks = nn.ModuleList(ConvNeXt(cfg.text_dim, 2) for _ in range(cfg.text_blocks))
        self.inp = nn.Linear(2 * cfg.n_mels + cfg.text_dim, d)
        self.pos = nn.Sequential(nn.Conv1d(d, d, 31, padding=15, groups=16), nn.Mish(),
                                 nn.Conv1d(d, d, 31, padding=15, groups=16), nn.Mish())
        self.time = nn.Sequential(nn.Linear(256, d), nn.SiLU(), nn.Linear(d, d))
        self.blocks = nn.ModuleList(DiTBlock(d, cfg.n_heads, cfg.ff_mult) for _ in range(cfg.n_layers))
        self.out_mod = nn.Linear(d, 2 * d)
        nn.init.zeros_(self.out_mod.weight)
        nn.init.zeros_(self.out_mod.bias)
        self.out_norm = PlainNorm()
        self.out = nn.Linear(d, cfg.n_mels)
        dh = d // cfg.n_heads
        self.register_buffer("inv_freq", 1.0 / (10000 ** (torch.arange(0, dh, 2).float() / dh)), persistent=False)

    def forward(self, x, cond, text, time, lengths=None):
        b, t, _ = x.shape
        half = torch.arange(128, device=x.device, dtype=torch.float32)
        f = torch.exp(-math.log(10000.0) * half / 128)
        ang = time.float()[:, None] * 1000.0 * f[None]
        temb = self.time(torch.cat([ang.sin(), ang.cos()], dim=-1))
        te = self.text_emb(text).transpose(1, 2)
        for blk in self.text_blocks:
            te = blk(te)
        h = self.inp(torch.cat([x, cond, te.transpose(1, 2)], dim=-1))
        h = h + self.pos(h.transpose(1, 2)).transpose(1, 2)
        pos = torch.arange(t, device=x.device, dtype=torch.float32)
        ang = pos[:, None] * self.inv_freq[None]
        cos, sin = ang.cos()[None, None], ang.sin()[None, None]
        key_mask = None
        if lengths is not None:
            key_mask = (torch.arange(t, device=x.device)[None, :] < lengths[:, None])[:, None, None, :]
        for blk in self.blocks:
            h = blk(h, temb, cos, sin, key_mask)
        shift, scale = self.out_mod(F.silu(temb))[:, None, :].chunk(2, dim=-1)
        return self.out(self.out_norm(h) * (1 + scale) + shift)


@dataclass
class VocoderConfig:
    n_mels: int = N_MELS
    dim: int = 384
    layers: int = 8
    mult: int = 3

    def to_json(self):
        return asdict(self)


class Vocoder(nn.Module):
    """log mel (B,T,M) -> audio (B, T*hop): ConvNeXt stack, log-magnitude + phase head, inverse STFT."""

    def __init__(self, cfg: VocoderConfig):
        super().__init__()
        self.inp = nn.Conv1d(cfg.n_mels, cfg.dim, 7, padding=3)
        self.norm0 = nn.LayerNorm(cfg.dim)
        self.blocks = nn.ModuleList(ConvNeXt(cfg.dim, cfg.mult) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.dim)
        self.bins = N_FFT // 2 + 1
        self.head = nn.Linear(cfg.dim, 2 * self.bins)
        self.istft = ISTFT(N_FFT, HOP)

    def forward(self, mel):
        x = self.norm0(self.inp(mel.transpose(1, 2)).transpose(1, 2)).transpose(1, 2)
        for b in self.blocks:
            x = b(x)
        h = self.head(self.norm(x.transpose(1, 2))).transpose(1, 2).float()
        logmag, phase = h[:, :self.bins], h[:, self.bins:]
        mag = torch.exp(logmag.clamp(max=6.0))
        return self.istft(mag * torch.cos(phase), mag * torch.sin(phase))[:, 0]


@dataclass
class SpeakerConfig:
    n_mels: int = N_MELS
    channels: int = 256
    emb: int = 192

    def to_json(self):
        return asdict(self)


class SpeakerEncoder(nn.Module):
    """log mel (B,T,M) -> unit-length embedding (B, emb): dilated 1-D convs, attentive statistics pooling."""

    def __init__(self, cfg: SpeakerConfig):
        super().__init__()
        c = cfg.channels
        layers, prev = [], cfg.n_mels
        for k, dil in [(5, 1), (3, 2), (3, 3), (3, 4), (1, 1)]:
            layers += [nn.Conv1d(prev, c, k, dilation=dil, padding=dil * (k // 2)), nn.ReLU(), nn.BatchNorm1d(c)]
            prev = c
        self.net = nn.Sequential(*layers)
        self.att = nn.Sequential(nn.Conv1d(c, 128, 1), nn.Tanh(), nn.Conv1d(128, c, 1))
        self.proj = nn.Linear(2 * c, cfg.emb)

    def forward(self, mel):
        x = mel.transpose(1, 2)
        x = x - x.mean(dim=2, keepdim=True)          # per-utterance mean normalisation (channel independence)
        h = self.net(x)
        w = torch.softmax(self.att(h), dim=2)
        mu = (h * w).sum(2)
        sd = torch.sqrt(((h * h) * w).sum(2) - mu * mu + 1e-5)
        e = self.proj(torch.cat([mu, sd], dim=1))
        return e / e.norm(dim=1, keepdim=True).clamp_min(1e-6)
