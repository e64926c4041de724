"""A cache-aware streaming FastConformer (NeMo design) with RNN-T and CTC heads, written for exact export to
sherpa-onnx's NeMo streaming contract.

Streaming semantics (identical in training, offline evaluation and the exported step graph):
  * S = 4x or 8x causal depthwise-separable subsampling (time padding only on the left), so subsampled frame n
    depends on mel frames Sn-2S+2 .. Sn. The runtime feeds windows of W = P + Sc mel frames (P = 2S frames of
    overlap, the "pre-encode cache") and advances by Sc; the first D = 2 subsampled frames of every window are dropped. The
    offline forward drops the first D frames of the utterance to match.
  * chunked-limited self-attention: a frame of chunk k attends to the frames of its own chunk (look-ahead up to
    c-1 frames) and to L frames of left context; the per-layer key/value source is cached
    (cache_last_channel, right-aligned, with cache_last_channel_len valid frames).
  * causal depthwise convolutions whose last K-1 inputs are cached (cache_last_time).
  * relative-position bias per head (depends only on query-key distance), so streaming == offline.
Multi-lookahead training samples the chunk size c per batch (Stateful Conformer style).
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    feat_in: int = 80
    d_model: int = 256
    n_layers: int = 12
    n_heads: int = 4
    ff_mult: int = 4
    conv_kernel: int = 9
    sub_channels: int = 256
    left_context: int = 64     # L, subsampled frames
    max_chunk: int = 8         # largest c trained (frames of 80 ms)
    vocab_size: int = 256      # without blank; blank id == vocab_size
    pred_hidden: int = 320
    pred_layers: int = 1
    joint_hidden: int = 320
    dropout: float = 0.1
    subsampling: int = 8       # 4 or 8 (stride-2 stages: 2 or 3)

    @property
    def pre_encode(self):      # P, mel frames of overlap between streaming windows
        return 2 * self.subsampling

    def to_dict(self):
        return asdict(self)


DROP = 2          # D, subsampled frames dropped at the start of every window (P / subsampling)


class CausalSubsampling(nn.Module):
    def __init__(self, feat_in, channels, d_model, factor=8):
        super().__init__()
        self.stages = {4: 2, 8: 3}[factor]
        self.conv1 = nn.Conv2d(1, channels, 3, stride=2)
        self.dw2 = nn.Conv2d(channels, channels, 3, stride=2, groups=channels)
        self.pw2 = nn.Conv2d(channels, channels, 1)
        if self.stages == 3:
            self.dw3 = nn.Conv2d(channels, channels, 3, stride=2, groups=channels)
            self.pw3 = nn.Conv2d(channels, channels, 1)
        f = feat_in
        for _ in range(self.stages):
            f = (f + 2 - 3) // 2 + 1
        self.out = nn.Linear(channels * f, d_model)

    def out_len(self, t):
        for _ in range(self.stages):
            t = (t + 1) // 2  # ceil(t/2) with left pad 2, kernel 3, stride 2
        return t

    def forward(self, x):  # x: (B, T, F)
        x = x.unsqueeze(1)  # (B, 1, T, F)
        x = F.relu(self.conv1(F.pad(x, (1, 1, 2, 0))))
        x = F.relu(self.pw2(self.dw2(F.pad(x, (1, 1, 2, 0)))))
        if self.stages == 3:
            x = F.relu(self.pw3(self.dw3(F.pad(x, (1, 1, 2, 0)))))
        b, c, t, f = x.shape
        return self.out(x.transpose(1, 2).reshape(b, t, c * f))


class FeedForward(nn.Module):
    def __init__(self, d, mult, p):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.l1 = nn.Linear(d, d * mult)
        self.l2 = nn.Linear(d * mult, d)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return self.l2(self.drop(F.silu(self.l1(self.norm(x)))))


class RelPosAttention(nn.Module):
    def __init__(self, d, heads, max_left, max_right, p):
        super().__init__()
        self.h, self.dk = heads, d // heads
        self.qkv = nn.Linear(d, 3 * d)
        self.o = nn.Linear(d, d)
        self.max_left, self.max_right = max_left, max_right
        self.bias = nn.Parameter(torch.zeros(heads, max_left + max_right + 1))
        self.drop = nn.Dropout(p)

    def forward(self, q_in, kv_in, q_pos, k_pos, mask):
        """q_in (B,Tq,d), kv_in (B,Tk,d), q_pos (Tq,), k_pos (Tk,), mask (B or 1, Tq, Tk) True = allowed."""
        b, tq, d = q_in.shape
        tk = kv_in.shape[1]
        wq, wk, wv = self.qkv.weight.chunk(3, 0)
        bq, bk, bv = self.qkv.bias.chunk(3, 0)
        q = F.linear(q_in, wq, bq).view(b, tq, self.h, self.dk).transpose(1, 2)
        k = F.linear(kv_in, wk, bk).view(b, tk, self.h, self.dk).transpose(1, 2)
        v = F.linear(kv_in, wv, bv).view(b, tk, self.h, self.dk).transpose(1, 2)
        dist = q_pos.unsqueeze(1) - k_pos.unsqueeze(0)  # (Tq, Tk), positive = key in the past
        idx = torch.clamp(dist, -self.max_right, self.max_left) + self.max_right
        bias = self.bias[:, idx]  # (H, Tq, Tk)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.dk) + bias.unsqueeze(0)
        scores = scores.masked_fill(~mask.unsqueeze(1), -1e4)
        attn = self.drop(torch.softmax(scores, dim=-1))
        out = torch.matmul(attn, v).transpose(1, 2).reshape(b, tq, d)
        return self.o(out)


class ConvModule(nn.Module):
    def __init__(self, d, kernel, p):
        super().__init__()
        self.norm = nn.LayerNorm(d)
        self.pw1 = nn.Linear(d, 2 * d)
        self.dw = nn.Conv1d(d, d, kernel, groups=d)
        self.norm2 = nn.LayerNorm(d)
        self.pw2 = nn.Linear(d, d)
        self.drop = nn.Dropout(p)
        self.k = kernel

    def forward(self, x, cache=None):
        """x (B,T,d); cache (B,d,K-1) or None (zeros). Returns output and the new cache."""
        y = F.glu(self.pw1(self.norm(x)), dim=-1).transpose(1, 2)  # (B, d, T)
        if cache is None:
            y = F.pad(y, (self.k - 1, 0))
        else:
            y = torch.cat([cache, y], dim=2)
        new_cache = y[:, :, -(self.k - 1):]
        y = self.dw(y).transpose(1, 2)
        y = self.pw2(F.silu(self.norm2(y)))
        return self.drop(y), new_cache


class ConformerLayer(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        d = cfg.d_model
        self.ff1 = FeedForward(d, cfg.ff_mult, cfg.dropout)
        self.att_norm = nn.LayerNorm(d)
        self.att = RelPosAttention(d, cfg.n_heads, cfg.left_context + cfg.max_chunk, cfg.max_chunk, cfg.dropout)
        self.conv = ConvModule(d, cfg.conv_kernel, cfg.dropout)
        self.ff2 = FeedForward(d, cfg.ff_mult, cfg.dropout)
        self.out_norm = nn.LayerNorm(d)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, pos, mask):
        x = x + 0.5 * self.drop(self.ff1(x))
        a = self.att_norm(x)
        x = x + self.drop(self.att(a, a, pos, pos, mask))
        c, _ = self.conv(x)
        x = x + c
        x = x + 0.5 * self.drop(self.ff2(x))
        return self.out_norm(x)

    def step(self, x, cache_ch, cache_t, valid_cache_mask, q_pos, k_pos):
        """Streaming step: x (B,c,d), cache_ch (B,L,d), cache_t (B,d,K-1)."""
        x = x + 0.5 * self.ff1(x)
        a = self.att_norm(x)
        kv = torch.cat([cache_ch, a], dim=1)
        tq = a.shape[1]
        mask = torch.cat([valid_cache_mask.unsqueeze(1).expand(-1, tq, -1),
                          torch.ones(a.shape[0], tq, tq, dtype=torch.bool, device=a.device)], dim=2)
        x = x + self.att(a, kv, q_pos, k_pos, mask)
        new_ch = kv[:, -cache_ch.shape[1]:, :]
        c, new_t = self.conv(x, cache_t)
        x = x + c
        x = x + 0.5 * self.ff2(x)
        return self.out_norm(x), new_ch, new_t


class Encoder(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.sub = CausalSubsampling(cfg.feat_in, cfg.sub_channels, cfg.d_model, cfg.subsampling)
        # fixed global feature normalisation (set once from training data; part of the exported graph, so the
        # runtime feeds raw log-mel and normalize_type stays "None")
        self.register_buffer("feat_mean", torch.zeros(cfg.feat_in))
        self.register_buffer("feat_istd", torch.ones(cfg.feat_in))
        self.layers = nn.ModuleList([ConformerLayer(cfg) for _ in range(cfg.n_layers)])

    def out_lengths(self, mel_lengths):
        return torch.clamp(self.sub.out_len(mel_lengths) - DROP, min=0)

    def forward(self, feats, lengths, chunk, taps=()):
        """Offline forward equal to streaming with chunk size `chunk`. feats (B,T,F) -> (B,T',d), lengths; with
        `taps` (layer numbers, 1-based) also the outputs of those layers (for intermediate CTC in training)."""
        x = self.sub((feats - self.feat_mean) * self.feat_istd)[:, DROP:, :]
        out_len = self.out_lengths(lengths)
        t = x.shape[1]
        pos = torch.arange(t, device=x.device)
        ci = pos // chunk
        lo = ci * chunk - self.cfg.left_context
        hi = (ci + 1) * chunk
        allowed = (pos.unsqueeze(0) >= lo.unsqueeze(1)) & (pos.unsqueeze(0) < hi.unsqueeze(1))  # (T, T)
        key_valid = pos.unsqueeze(0) < out_len.unsqueeze(1)  # (B, T)
        mask = allowed.unsqueeze(0) & key_valid.unsqueeze(1)
        tapped = []
        for i, layer in enumerate(self.layers):
            x = layer(x, pos, mask)
            if i + 1 in taps:
                tapped.append(x)
        return (x, out_len, tapped) if taps else (x, out_len)

    def step(self, feats, cache_ch, cache_t, cache_len):
        """One streaming window. feats (B,W,F); cache_ch (B,n,L,d); cache_t (B,n,d,K-1); cache_len (B,) int64."""
        x = self.sub((feats - self.feat_mean) * self.feat_istd)[:, DROP:, :]
        b, c, _ = x.shape
        L = cache_ch.shape[2]
        slots = torch.arange(L, device=x.device)
        valid = slots.unsqueeze(0) >= (L - cache_len).unsqueeze(1)  # (B, L), right-aligned cache
        q_pos = torch.arange(c, device=x.device)
        k_pos = torch.cat([slots - L, q_pos])
        new_ch, new_t = [], []
        for i, layer in enumerate(self.layers):
            x, ch, tt = layer.step(x, cache_ch[:, i], cache_t[:, i], valid, q_pos, k_pos)
            new_ch.append(ch)
            new_t.append(tt)
        next_len = torch.clamp(cache_len + c, max=L)
        return x, torch.stack(new_ch, 1), torch.stack(new_t, 1), next_len


class Predictor(nn.Module):
    """RNN-T prediction network; the blank id is the start symbol and embeds to zeros (NeMo's blank_as_pad)."""

    def __init__(self, cfg: Config):
        super().__init__()
        self.blank = cfg.vocab_size
        self.embed = nn.Embedding(cfg.vocab_size + 1, cfg.pred_hidden, padding_idx=cfg.vocab_size)
        self.lstm = nn.LSTM(cfg.pred_hidden, cfg.pred_hidden, cfg.pred_layers, batch_first=True)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, y, state=None):
        out, state = self.lstm(self.drop(self.embed(y)), state)
        return out, state


class Joint(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.enc = nn.Linear(cfg.d_model, cfg.joint_hidden)
        self.pred = nn.Linear(cfg.pred_hidden, cfg.joint_hidden)
        self.out = nn.Linear(cfg.joint_hidden, cfg.vocab_size + 1)

    def forward(self, enc, pred):
        """enc (B,T,d), pred (B,U+1,H) -> logits (B,T,U+1,V+1)."""
        return self.out(torch.relu(self.enc(enc).unsqueeze(2) + self.pred(pred).unsqueeze(1)))


class HybridAsr(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.ctc = nn.Linear(cfg.d_model, cfg.vocab_size + 1)
        self.predictor = Predictor(cfg)
        self.joint = Joint(cfg)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())
