#!/usr/bin/env python3
"""Builds the tiny codec replicas the Java codec tests load: the workstation codec contract (codec.json,
encoder.onnx audio (B,1,N) -> codes (B,Q,T) int64, decoder.onnx codes -> audio) with random weights (seeded).

Output (codec/src/test/resources/replicas/):
  codec-tiny/         hop 8, 2 codebooks of 64: a valid codec
  codec-broken-name/  the same, but the decoder's input is called 'tokens' instead of 'codes'
Run with Debian's python3-torch/python3-onnx: python3 make_codec_replica.py OUT
"""
import os
import shutil
import sys

import onnx
import torch

from training.codec.codec_model import Codec, CodecConfig
from training.codec.export import export


def main(out):
    torch.manual_seed(7)
    cfg = CodecConfig(strides=(2, 4), enc_channels=4, latent=16, n_codebooks=2, codebook_size=64, code_dim=4,
                      dec_dim=16, dec_layers=1, dec_mult=2)
    model = Codec(cfg).eval()
    tiny = os.path.join(out, "codec-tiny")
    export(model, cfg, tiny, "replica-codec-tiny", {"decoder_context": 4})
    broken = os.path.join(out, "codec-broken-name")
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(tiny, broken)
    m = onnx.load(os.path.join(broken, "decoder.onnx"))
    for node in m.graph.node:
        node.input[:] = ["tokens" if i == "codes" else i for i in node.input]
    m.graph.input[0].name = "tokens"
    onnx.save(m, os.path.join(broken, "decoder.onnx"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "codec", "src", "test",
                                                             "resources", "replicas"))
