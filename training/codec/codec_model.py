"""House speech codec: convolutional encoder, factorised residual VQ, Vocos-style ConvNeXt decoder with an iSTFT head.

Design (docs/decisions/0007-house-codec.md):
  * 16 kHz, hop 320 -> 50 frames/s; Q codebooks of K entries -> Q * log2(K) * 50 bit/s (3 x 1024 = 1500 bit/s).
  * Encoder: SEANet-like strided convolutions (strides 2, 4, 5, 8) with dilated residual units, non-causal.
  * RVQ with factorised, l2-normalised codes (DAC): each level projects the residual to a small space, picks the
    nearest code by cosine similarity, projects back. Dead codes are re-seeded from the batch during training.
  * Decoder: ConvNeXt blocks on the frame rate, then a linear head to magnitude and phase of an STFT
    (n_fft = 4 * hop) and an inverse STFT written as a transposed convolution, so the graph exports to any ONNX
    opset >= 13 and runs on every ONNX Runtime execution provider (no STFT operator needed).
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class CodecConfig:
    sample_rate: int = 16000
    strides: tuple = (2, 4, 5, 8)
    enc_channels: int = 32
    latent: int = 128
    n_codebooks: int = 3
    codebook_size: int = 1024
    code_dim: int = 8
    dec_dim: int = 256
    dec_layers: int = 8
    dec_mult: int = 3

    @property
    def hop(self):
        return math.prod(self.strides)

    @property
    def n_fft(self):
        return 4 * self.hop

    def to_json(self):
        d = asdict(self)
        d["strides"] = list(self.strides)
        return d


class ResUnit(nn.Module):
    def __init__(self, c, dilation):
        super().__init__()
        self.c1 = nn.Conv1d(c, c, 7, padding=3 * dilation, dilation=dilation)
        self.c2 = nn.Conv1d(c, c, 1)

    def forward(self, x):
        return x + self.c2(F.elu(self.c1(F.elu(x))))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        c = cfg.enc_channels
        layers = [nn.Conv1d(1, c, 7, padding=3)]
        for s in cfg.strides:
            layers += [ResUnit(c, 1), ResUnit(c, 3), ResUnit(c, 9), nn.ELU(),
                       nn.Conv1d(c, 2 * c, 2 * s + 1, stride=s, padding=s)]  # exactly N / s frames
            c *= 2
        layers += [nn.ELU(), nn.Conv1d(c, cfg.latent, 3, padding=1)]
        self.net = nn.Sequential(*layers)

    def forward(self, audio):  # (B, 1, N), N a multiple of hop -> (B, latent, N / hop)
        return self.net(audio)


class FactorisedVQ(nn.Module):
    def __init__(self, latent, size, dim):
        super().__init__()
        self.inp = nn.Conv1d(latent, dim, 1)
        self.out = nn.Conv1d(dim, latent, 1)
        self.codebook = nn.Parameter(torch.randn(size, dim))

    def normed_codebook(self):
        return F.normalize(self.codebook, dim=1)

    def indices(self, residual):  # (B, latent, T) -> (B, T) int64
        z = F.normalize(self.inp(residual), dim=1)                         # (B, dim, T)
        sim = torch.einsum("bdt,kd->bkt", z, self.normed_codebook())
        return sim.argmax(dim=1), z

    def lookup(self, idx):  # (B, T) -> (B, latent, T)
        q = F.embedding(idx, self.normed_codebook()).transpose(1, 2)      # (B, dim, T)
        return self.out(q)

    def forward(self, residual):
        idx, z = self.indices(residual)
        q = F.embedding(idx, self.normed_codebook()).transpose(1, 2)
        commit = F.mse_loss(z, q.detach())
        codebook = F.mse_loss(q, z.detach())
        q_st = z + (q - z).detach()                                         # straight-through
        return self.out(q_st), idx, commit + codebook, z


class ResidualVQ(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.levels = nn.ModuleList(FactorisedVQ(cfg.latent, cfg.codebook_size, cfg.code_dim)
                                    for _ in range(cfg.n_codebooks))

    def forward(self, z):
        residual, out, loss, codes, projected = z, torch.zeros_like(z), 0.0, [], []
        for vq in self.levels:
            q, idx, l, zp = vq(residual)
            residual = residual - q.detach()
            out = out + q
            loss = loss + l
            codes.append(idx)
            projected.append(zp)
        return out, torch.stack(codes, 1), loss, projected

    def encode(self, z):  # inference: (B, latent, T) -> (B, Q, T)
        residual, codes = z, []
        for vq in self.levels:
            idx, _ = vq.indices(residual)
            residual = residual - vq.lookup(idx)
            codes.append(idx)
        return torch.stack(codes, 1)

    def decode(self, codes):  # (B, Q, T) -> (B, latent, T)
        out = 0
        for i, vq in enumerate(self.levels):
            out = out + vq.lookup(codes[:, i])
        return out

    @torch.no_grad()
    def reseed_dead(self, projected, usage, threshold=2):
        """Codes used fewer than `threshold` times since the last call take random vectors from the batch."""
        n = 0
        for vq, zp, u in zip(self.levels, projected, usage):
            dead = (u < threshold).nonzero().flatten()
            if len(dead) == 0:
                continue
            pool = zp.transpose(1, 2).reshape(-1, zp.shape[1])
            pick = pool[torch.randint(0, pool.shape[0], (len(dead),), device=pool.device)]
            vq.codebook.data[dead] = pick.float()
            n += len(dead)
        return n


class ConvNeXt(nn.Module):
    def __init__(self, dim, mult):
        super().__init__()
        self.dw = nn.Conv1d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.pw1 = nn.Linear(dim, dim * mult)
        self.pw2 = nn.Linear(dim * mult, dim)
        self.scale = nn.Parameter(torch.full((dim,), 0.1))

    def forward(self, x):  # (B, dim, T)
        y = self.dw(x).transpose(1, 2)
        y = self.pw2(F.gelu(self.pw1(self.norm(y))))
        return x + (self.scale * y).transpose(1, 2)


class ISTFT(nn.Module):
    """Inverse STFT (periodic Hann, centred frames) as a transposed convolution; T frames -> T * hop samples."""

    def __init__(self, n_fft, hop):
        super().__init__()
        self.n_fft, self.hop = n_fft, hop
        bins = n_fft // 2 + 1
        n = torch.arange(n_fft, dtype=torch.float64)
        k = torch.arange(bins, dtype=torch.float64)[:, None]
        ang = 2 * math.pi * k * n / n_fft
        c = torch.full((bins, 1), 2.0, dtype=torch.float64)
        c[0] = 1
        c[-1] = 1
        win = torch.hann_window(n_fft, periodic=True, dtype=torch.float64)
        real = c * torch.cos(ang) / n_fft * win
        imag = -c * torch.sin(ang) / n_fft * win
        self.register_buffer("kernel", torch.cat([real, imag], 0)[:, None, :].float())  # (2F, 1, n_fft)
        self.register_buffer("win_sq", (win ** 2)[None, None, :].float())

    def forward(self, re, im):  # (B, F, T) each
        frames = torch.cat([re, im], 1)
        y = F.conv_transpose1d(frames, self.kernel, stride=self.hop)      # (B, 1, (T-1)*hop + n_fft)
        ones = torch.ones_like(re[:, :1, :])
        env = F.conv_transpose1d(ones, self.win_sq, stride=self.hop)
        y = y / env.clamp_min(1e-4)
        trim = (self.n_fft - self.hop) // 2
        return y[:, :, trim: y.shape[2] - trim - (self.n_fft - self.hop) % 2]


class Decoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.inp = nn.Conv1d(cfg.latent, cfg.dec_dim, 7, padding=3)
        self.norm0 = nn.LayerNorm(cfg.dec_dim)
        self.blocks = nn.ModuleList(ConvNeXt(cfg.dec_dim, cfg.dec_mult) for _ in range(cfg.dec_layers))
        self.norm = nn.LayerNorm(cfg.dec_dim)
        self.bins = cfg.n_fft // 2 + 1
        self.head = nn.Linear(cfg.dec_dim, 2 * self.bins)
        self.istft = ISTFT(cfg.n_fft, cfg.hop)

    def forward(self, latent):  # (B, latent, T) -> (B, 1, T * hop)
        x = self.norm0(self.inp(latent).transpose(1, 2)).transpose(1, 2)
        for b in self.blocks:
            x = b(x)
        h = self.head(self.norm(x.transpose(1, 2))).transpose(1, 2).float()  # (B, 2F, T)
        logmag, phase = h[:, :self.bins], h[:, self.bins:]
        mag = torch.exp(logmag.clamp(max=6.0))
        return self.istft(mag * torch.cos(phase), mag * torch.sin(phase))


class Codec(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.rvq = ResidualVQ(cfg)
        self.decoder = Decoder(cfg)

    def forward(self, audio):
        z = self.encoder(audio)
        q, codes, vq_loss, projected = self.rvq(z)
        return self.decoder(q), codes, vq_loss, projected


class ExportEncoder(nn.Module):
    def __init__(self, codec):
        super().__init__()
        self.encoder, self.rvq = codec.encoder, codec.rvq

    def forward(self, audio):
        return self.rvq.encode(self.encoder(audio))


class ExportDecoder(nn.Module):
    def __init__(self, codec):
        super().__init__()
        self.rvq, self.decoder = codec.rvq, codec.decoder

    def forward(self, codes):
        return self.decoder(self.rvq.decode(codes))
