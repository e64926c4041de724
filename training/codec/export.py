#!/usr/bin/env python3
"""Exports a codec checkpoint to the workstation's codec contract (ARCHITECTURE.md §5):

  codec.json   sample_rate, hop, frame_rate, n_codebooks, codebook_size (+ id, decoder context for streaming)
  encoder.onnx audio (B, 1, N) float32, N a multiple of hop -> codes (B, Q, N / hop) int64
  decoder.onnx codes (B, Q, T) int64 -> audio (B, 1, T * hop) float32
  golden.npz   (with --golden WAV16K) the input clip, its codes and PyTorch's decoded audio, for the Java test

Usage: python3 -m training.codec.export --weights weights.pt --out DIR [--id house-codec-16k-1k5] [--golden clip.wav] [--int8]
"""
import argparse
import json
import os
import wave

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.codec.codec_model import Codec, CodecConfig, ExportDecoder, ExportEncoder

DECODER_CONTEXT = 16  # frames of token context on each side of a streamed chunk (receptive field ~ +-25 frames)


def load(weights):
    w = torch.load(weights, map_location="cpu")
    cfg_d = dict(w["config"])
    cfg_d["strides"] = tuple(cfg_d["strides"])
    cfg = CodecConfig(**cfg_d)
    model = Codec(cfg)
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in w["model"].items()})
    return model.eval(), cfg


def export(model, cfg, out, model_id, extra=None):
    os.makedirs(out, exist_ok=True)
    enc, dec = ExportEncoder(model).eval(), ExportDecoder(model).eval()
    audio = torch.randn(1, 1, cfg.hop * 20) * 0.1
    with torch.no_grad():
        codes = enc(audio)
    torch.onnx.export(enc, (audio,), os.path.join(out, "encoder.onnx"), input_names=["audio"], output_names=["codes"],
                      dynamic_axes={"audio": {0: "B", 2: "N"}, "codes": {0: "B", 2: "T"}}, opset_version=17)
    torch.onnx.export(dec, (codes,), os.path.join(out, "decoder.onnx"), input_names=["codes"], output_names=["audio"],
                      dynamic_axes={"codes": {0: "B", 2: "T"}, "audio": {0: "B", 2: "N"}}, opset_version=17)
    for f in ("encoder.onnx", "decoder.onnx"):
        m = onnx.load(os.path.join(out, f))
        onnx.checker.check_model(m)
        m.producer_name = "sws-training-codec"
        onnx.save(m, os.path.join(out, f))
    meta = {"id": model_id, "sample_rate": cfg.sample_rate, "hop": cfg.hop,
            "frame_rate": cfg.sample_rate / cfg.hop, "n_codebooks": cfg.n_codebooks,
            "codebook_size": cfg.codebook_size, "decoder_context": DECODER_CONTEXT,
            "architecture": cfg.to_json()}
    meta.update(extra or {})
    with open(os.path.join(out, "codec.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    return enc, dec


def read_wav16k(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768.0


def golden(enc, dec, cfg, wav, out):
    x = read_wav16k(wav)
    x = x[: len(x) // cfg.hop * cfg.hop]
    with torch.no_grad():
        codes = enc(torch.from_numpy(x)[None, None])
        y = dec(codes)[0, 0].numpy()
    np.savez(out, audio=x, codes=codes[0].numpy(), decoded=y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", default="house-codec-16k-1k5")
    ap.add_argument("--golden", default=None)
    a = ap.parse_args()
    model, cfg = load(a.weights)
    enc, dec = export(model, cfg, a.out, a.id)
    if a.golden:
        golden(enc, dec, cfg, a.golden, os.path.join(a.out, "golden.npz"))
    print(json.dumps({"out": a.out, "params": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
