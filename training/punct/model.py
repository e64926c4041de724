"""The punctuation-and-casing model: a small bidirectional transformer over BERT word pieces with two heads read at
each word's first piece (what follows the word: nothing, comma, period, question mark; its case: lower, capitalised,
all capitals).

Attention is written out (no fused kernels) so that the ONNX export is plain MatMul/Softmax with a dynamic length.
Markers the Java side writes around a window: [CLS] (a text starts here), [unused0] (the window starts inside a
text), [SEP] (the text ends here), [unused1] (the text goes on, or may: a live segment).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

CLS, SEP, CONT_LEFT, CONT_RIGHT, PAD = 101, 102, 1, 2, 0
PUNCT, CASE = 4, 3


class Block(nn.Module):
    def __init__(self, d, heads, ff, dropout):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ff1, self.ff2 = nn.Linear(d, ff), nn.Linear(ff, d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        b, t, d = x.shape
        h = self.ln1(x)
        q, k, v = self.qkv(h).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d // self.heads) + bias
        y = torch.matmul(self.drop(att.softmax(-1)), v).transpose(1, 2).reshape(b, t, d)
        x = x + self.drop(self.out(y))
        return x + self.drop(self.ff2(self.drop(F.gelu(self.ff1(self.ln2(x))))))


class Punctuator(nn.Module):
    def __init__(self, vocab=30522, embed=128, d=256, layers=6, heads=4, ff=1024, max_len=160, dropout=0.1):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.proj = nn.Linear(embed, d)
        self.pos = nn.Embedding(max_len, d)
        self.blocks = nn.ModuleList(Block(d, heads, ff, dropout) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.punct = nn.Linear(d, PUNCT)
        self.case = nn.Linear(d, CASE)
        self.drop = nn.Dropout(dropout)

    def forward(self, ids, pad_mask=None):
        """ids (B, T) int64 -> punct logits (B, T, 4), case logits (B, T, 3); pad_mask (B, T) True where padded."""
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device)
        x = self.drop(self.proj(self.embed(ids)) + self.pos(pos)[None])
        bias = torch.zeros(1, 1, 1, t, device=ids.device) if pad_mask is None \
            else pad_mask[:, None, None, :].float() * -1e4
        for blk in self.blocks:
            x = blk(x, bias)
        x = self.ln(x)
        return self.punct(x), self.case(x)
