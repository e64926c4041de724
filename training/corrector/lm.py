"""A Qwen2-shaped decoder-only transformer and its export in Hugging Face Optimum's ONNX layout.

Same block as Qwen2 (RMSNorm, rotary positions, grouped-query attention with q/k/v biases, SwiGLU MLP), so one
export path serves the house corrector and the random-weight replica that stands in for a user's
Qwen2.5-0.5B-Instruct export. The ONNX graph has Optimum's names:
  inputs  input_ids (B,S) int64, attention_mask (B,P+S) int64, position_ids (B,S) int64,
          past_key_values.{i}.key / .value (B, kv_heads, P, head_dim) float32
  outputs logits (B,S,V) float32, present.{i}.key / .value (B, kv_heads, P+S, head_dim)
"""
import json
import math
import os
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class LmConfig:
    vocab_size: int = 1300
    hidden_size: int = 256
    intermediate_size: int = 768
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    num_key_value_heads: int = 2
    max_position_embeddings: int = 1024
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-6
    tie_word_embeddings: bool = True
    dropout: float = 0.0

    @property
    def head_dim(self):
        return self.hidden_size // self.num_attention_heads


class RMSNorm(nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Attention(nn.Module):
    def __init__(self, c: LmConfig):
        super().__init__()
        self.h, self.kv, self.d = c.num_attention_heads, c.num_key_value_heads, c.head_dim
        self.q_proj = nn.Linear(c.hidden_size, self.h * self.d, bias=True)
        self.k_proj = nn.Linear(c.hidden_size, self.kv * self.d, bias=True)
        self.v_proj = nn.Linear(c.hidden_size, self.kv * self.d, bias=True)
        self.o_proj = nn.Linear(self.h * self.d, c.hidden_size, bias=False)
        self.drop = c.dropout

    def forward(self, x, cos, sin, bias, past_k, past_v):
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.h, self.d).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.kv, self.d).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.kv, self.d).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        rep = self.h // self.kv
        # grouped-query attention: each key/value head serves `rep` query heads (expand + reshape exports with
        # dynamic shapes; repeat_interleave's export bakes in the traced length)
        kk = k.unsqueeze(2).expand(-1, -1, rep, -1, -1).reshape(b, self.h, -1, self.d) if rep > 1 else k
        vv = v.unsqueeze(2).expand(-1, -1, rep, -1, -1).reshape(b, self.h, -1, self.d) if rep > 1 else v
        att = torch.matmul(q, kk.transpose(-1, -2)) / math.sqrt(self.d) + bias
        att = att.softmax(-1)
        if self.training and self.drop:
            att = F.dropout(att, self.drop)
        out = torch.matmul(att, vv).transpose(1, 2).reshape(b, s, self.h * self.d)
        return self.o_proj(out), k, v


class Block(nn.Module):
    def __init__(self, c: LmConfig):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.gate_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.up_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.down_proj = nn.Linear(c.intermediate_size, c.hidden_size, bias=False)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x, cos, sin, bias, past_k, past_v):
        a, k, v = self.self_attn(self.input_layernorm(x), cos, sin, bias, past_k, past_v)
        x = x + self.drop(a)
        h = self.post_attention_layernorm(x)
        x = x + self.drop(self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h)))
        return x, k, v


class DecoderLm(nn.Module):
    def __init__(self, c: LmConfig):
        super().__init__()
        self.cfg = c
        self.embed_tokens = nn.Embedding(c.vocab_size, c.hidden_size)
        self.layers = nn.ModuleList(Block(c) for _ in range(c.num_hidden_layers))
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.lm_head = nn.Linear(c.hidden_size, c.vocab_size, bias=False)
        if c.tie_word_embeddings:
            self.lm_head.weight = self.embed_tokens.weight
        inv = 1.0 / (c.rope_theta ** (torch.arange(0, c.head_dim, 2).float() / c.head_dim))
        self.register_buffer("inv_freq", inv, persistent=False)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """past: list of (key, value) per layer or None. Returns logits and the list of presents."""
        b, s = input_ids.shape
        p = 0 if past is None else past[0][0].shape[2]
        freqs = position_ids.float()[..., None] * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]
        total = attention_mask.shape[1]
        q_idx = torch.arange(s, device=input_ids.device)[:, None] + (total - s)
        k_idx = torch.arange(total, device=input_ids.device)[None, :]
        allowed = (k_idx <= q_idx)[None, None] & (attention_mask[:, None, None, :] > 0)
        bias = torch.zeros(allowed.shape, device=input_ids.device).masked_fill(~allowed, torch.finfo(torch.float32).min)
        x = self.embed_tokens(input_ids)
        presents = []
        for i, layer in enumerate(self.layers):
            pk, pv = (None, None) if past is None else past[i]
            x, k, v = layer(x, cos, sin, bias, pk, pv)
            presents.append((k, v))
        del p
        return self.lm_head(self.norm(x)), presents

    def num_params(self):
        return sum(t.numel() for t in self.parameters())


class _OnnxWrapper(nn.Module):
    def __init__(self, lm):
        super().__init__()
        self.lm = lm

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.lm(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def export_onnx(lm: DecoderLm, path, opset=14):
    c = lm.cfg
    lm = lm.eval()
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "past_sequence_length + 1"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    past = []
    for i in range(c.num_hidden_layers):
        for kind in ("key", "value"):
            n = f"past_key_values.{i}.{kind}"
            names_in.append(n)
            dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
            o = f"present.{i}.{kind}"
            names_out.append(o)
            dyn[o] = {0: "batch_size", 2: "past_sequence_length + 1"}
            past.append(torch.randn(1, c.num_key_value_heads, 3, c.head_dim))
    ids = torch.tensor([[5, 6]])
    args = (ids, torch.ones(1, 5, dtype=torch.long), torch.tensor([[3, 4]])) + tuple(past)
    with torch.no_grad():
        torch.onnx.export(_OnnxWrapper(lm), args, path, input_names=names_in, output_names=names_out,
                          dynamic_axes=dyn, opset_version=opset, do_constant_folding=True)


def write_configs(c: LmConfig, folder, eos_id, bos_id=None, pad_id=None, extra=None):
    """config.json and generation_config.json with the keys a Qwen2 export carries (and what our engine reads)."""
    cfg = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "torch_dtype": "float32",
           "hidden_act": "silu", "bos_token_id": bos_id if bos_id is not None else eos_id, "eos_token_id": eos_id,
           **{k: v for k, v in asdict(c).items() if k != "dropout"}, "use_cache": True}
    cfg.update(extra or {})
    gen = {"bos_token_id": cfg["bos_token_id"], "eos_token_id": [eos_id] if not isinstance(eos_id, list) else eos_id,
           "pad_token_id": pad_id if pad_id is not None else eos_id, "do_sample": False, "max_new_tokens": 128}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(folder, "generation_config.json"), "w") as f:
        json.dump(gen, f, indent=2)


@torch.no_grad()
def greedy(lm: DecoderLm, prompt_ids, max_new, eos_ids):
    """Greedy decoding with the KV cache (the loop the Java engine runs): the reference for golden tests."""
    lm.eval()
    dev = lm.embed_tokens.weight.device
    ids = torch.tensor([prompt_ids], device=dev)
    mask = torch.ones_like(ids)
    pos = torch.arange(ids.shape[1], device=dev)[None]
    logits, past = lm(ids, mask, pos, None)
    out = []
    for _ in range(max_new):
        nxt = int(logits[0, -1].argmax())
        if nxt in eos_ids:
            break
        out.append(nxt)
        n = mask.shape[1]
        mask = torch.ones(1, n + 1, dtype=torch.long, device=dev)
        logits, past = lm(torch.tensor([[nxt]], device=dev), mask, torch.tensor([[n]], device=dev), past)
    return out
