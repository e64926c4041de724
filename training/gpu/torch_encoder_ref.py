#!/usr/bin/env python3
"""Reference timing for the bench encoder: the same 110 M FastConformer-Large-shaped streaming step in PyTorch on
the GPU with the caches kept on the device (what ORT's IO binding would give), fp32 and TF32 off, batch sizes as
in `sws bench asr --encoder-only`. Prints a table: streams, ms per call, x real time (chunk 0.16 s)."""
import os
import time

import torch

from training.asr.export import EncoderStep
from training.asr.model import Config, HybridAsr

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
cfg = Config(d_model=512, n_layers=17, n_heads=8, ff_mult=4, conv_kernel=9, sub_channels=256, left_context=70,
             max_chunk=16, vocab_size=1024, pred_hidden=640, joint_hidden=640, dropout=0.0, subsampling=8)
step = EncoderStep(HybridAsr(cfg).eval(), ctc=False).cuda().eval()
w = cfg.pre_encode + cfg.subsampling * 2
print("streams  ms/call  x-real-time  (torch fp32, caches on the GPU, chunk 0.16 s)")
for b in [1, 8, 32, 64, 128, 256, 512]:
    x = torch.randn(b, cfg.feat_in, w, device="cuda")
    ln = torch.full((b,), w, dtype=torch.int64, device="cuda")
    ch = torch.zeros(b, cfg.n_layers, cfg.left_context, cfg.d_model, device="cuda")
    tt = torch.zeros(b, cfg.n_layers, cfg.d_model, cfg.conv_kernel - 1, device="cuda")
    cl = torch.zeros(b, dtype=torch.int64, device="cuda")
    with torch.no_grad():
        for i in range(3):
            _, _, ch, tt, cl = step(x, ln, ch, tt, cl)
        torch.cuda.synchronize()
        t0 = time.time()
        n = 30
        for i in range(n):
            _, _, ch, tt, cl = step(x, ln, ch, tt, cl)
        torch.cuda.synchronize()
    ms = (time.time() - t0) / n * 1e3
    print(f"{b:<8d} {ms:8.2f} {b * 0.16 / (ms / 1e3):12.1f}", flush=True)
