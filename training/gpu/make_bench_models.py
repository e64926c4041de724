#!/usr/bin/env python3
"""Builds the GPU benchmark models (random weights, real shapes) next to copies of the house models.

  python3 make_bench_models.py HOUSE_MODELS_DIR OUT_DIR

OUT_DIR/bench-asr-fc-114m   sherpa-onnx NeMo streaming transducer layout (encoder/decoder/joiner/tokens), the size
                            of NeMo's FastConformer-Large (d 512, 17 layers, 8 heads, 8x subsampling), fp32
OUT_DIR/bench-tts-f5-336m   sws-flow-tts layout with an F5-TTS-Base-sized velocity model (DiT d 1024, 22 layers,
                            16 heads, ff x2, ConvNeXt text encoder d 512 x 4), fp32, plus the house vocoder,
                            speaker encoder, tokens and voices
Random weights are fine for speed (the work per step does not depend on the values). Each gets a manifest with
sha256s so the model store accepts it; the Java benchmarks (`sws bench asr|tts --devices cpu,cuda:0`) run them.
"""
import hashlib
import json
import os
import shutil
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def manifest(d, mid, name, task, fmt, params, extra=None):
    files = []
    for root, _, names in os.walk(d):
        for n in sorted(names):
            if n == "manifest.json":
                continue
            p = os.path.join(root, n)
            rel = os.path.relpath(p, d)
            h = hashlib.sha256(open(p, "rb").read()).hexdigest()
            files.append({"path": rel, "sha256": h, "size": os.path.getsize(p)})
    m = {"id": mid, "name": name, "task": task, "format": fmt, "version": "1", "sampleRate": 16000,
         "licence": "GPL-3.0-or-later", "source": "training/gpu/make_bench_models.py (random weights)",
         "description": "Benchmark model: real shapes, random weights; says nothing.",
         "card": {"default": False, "parameters": params}, "files": sorted(files, key=lambda f: f["path"])}
    if extra:
        m.update(extra)
    json.dump(m, open(os.path.join(d, "manifest.json"), "w"), indent=2)


def asr(out):
    from training.tts.export import export
    from training.asr.model import Config, HybridAsr
    torch.manual_seed(0)
    cfg = Config(d_model=512, n_layers=17, n_heads=8, ff_mult=4, conv_kernel=9, sub_channels=256, left_context=70,
                 max_chunk=16, vocab_size=1024, pred_hidden=640, joint_hidden=640, dropout=0.0, subsampling=8)
    m = HybridAsr(cfg).eval()
    n = sum(p.numel() for p in m.parameters())
    pieces = ["<unk>"] + ["\u2581w%d" % i for i in range(cfg.vocab_size - 1)]
    tmp = out + "_tmp"
    export(m, pieces, tmp, chunk=2, variants=("transducer",))
    shutil.move(os.path.join(tmp, "transducer"), out)
    shutil.rmtree(tmp, ignore_errors=True)
    manifest(out, "bench-asr-fc-114m", "Benchmark: FastConformer-Large-sized streaming transducer (random)", "asr",
             "nemo-transducer-streaming", n)
    print("asr params", n, flush=True)


def tts(house, out):
    from training.tts.tts_model import Velocity, VelocityConfig, CHARS, N_MELS
    torch.manual_seed(0)
    cfg = VelocityConfig(d_model=1024, n_layers=22, n_heads=16, ff_mult=2, text_dim=512, text_blocks=4)
    v = Velocity(cfg).eval()
    n = sum(p.numel() for p in v.parameters())
    os.makedirs(out, exist_ok=True)
    for f in ["vocoder.onnx", "speaker.onnx", "tokens.txt", "tts.json"]:
        shutil.copy(os.path.join(house, f), out)
    shutil.copytree(os.path.join(house, "voices"), os.path.join(out, "voices"))
    b, t = 2, 50
    args = (torch.randn(b, t, N_MELS), torch.randn(b, t, N_MELS), torch.randint(0, len(CHARS) + 1, (b, t)), torch.tensor([0.3, 0.3]))
    with torch.no_grad():
        torch.onnx.export(v, args, os.path.join(out, "velocity.onnx"), input_names=["x", "cond", "text", "time"],
                          output_names=["v"], opset_version=17,
                          dynamic_axes={"x": {0: "batch", 1: "frames"}, "cond": {0: "batch", 1: "frames"},
                                        "text": {0: "batch", 1: "frames"}, "time": {0: "batch"}, "v": {0: "batch", 1: "frames"}})
    house_m = json.load(open(os.path.join(house, "manifest.json")))
    manifest(out, "bench-tts-f5-336m", "Benchmark: F5-TTS-Base-sized flow-matching TTS (random velocity model)", "tts",
             house_m["format"], n)
    print("tts velocity params", n, flush=True)


if __name__ == "__main__":
    house, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    asr(os.path.join(out, "bench-asr-fc-114m"))
    tts(os.path.join(house, "house-tts-en-s1"), os.path.join(out, "bench-tts-f5-336m"))
