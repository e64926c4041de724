#!/usr/bin/env python3
"""Builds the small ASR replica models the Java tests load: same tensor names, ranks, dtypes and metadata as
sherpa-onnx's NeMo cache-aware streaming exports, random weights (seeded), plus golden data and broken variants.

Output (asr/src/test/resources/replicas/):
  transducer/   encoder.onnx decoder.onnx joiner.onnx tokens.txt   (metadata exactly as sherpa's export script
                writes it; no sws_* keys, so it looks like a foreign NeMo model)
  ctc/          model.onnx tokens.txt                                (with sws_* keys)
  golden/       feats.npy (T, 80) and the full-context encoder outputs of both replicas for chunk 2
                (encoder_offline.npy (T', d), ctc_offline.npy (T', V+1)) to check that streaming equals full context
  broken-name/  transducer whose encoder input 'audio_signal' is renamed 'features'
  broken-type/  transducer whose encoder input 'length' is int32 (cast inside the graph), a loadable model
                that violates the contract
Run with Debian's python3-torch/python3-onnx (or any torch >= 1.13): python3 make_asr_replicas.py OUT
"""
import os
import shutil
import sys

import numpy as np
import onnx
import torch

from training.asr.export import export
from training.asr.model import Config, HybridAsr

PIECES = ["<unk>"] + ["\u2581" + w for w in ["the", "a", "to", "and", "press", "one", "two", "call", "key"]] + list("abcdefghijklmnopqrstuvwxyz'") + ["\u2581"]


def main(out):
    torch.manual_seed(1234)
    cfg = Config(d_model=48, n_layers=2, n_heads=4, sub_channels=16, left_context=16, max_chunk=4,
                 vocab_size=len(PIECES), pred_hidden=32, joint_hidden=32, dropout=0.0)
    model = HybridAsr(cfg).eval()
    with torch.no_grad():  # make outputs less flat than the init: scale weights a little
        for p in model.parameters():
            if p.dim() > 1:
                p.mul_(1.5)
    if os.path.exists(out):
        shutil.rmtree(out)
    tmp = os.path.join(out, "_tmp")
    export(model, PIECES, tmp, chunk=2)
    shutil.move(os.path.join(tmp, "transducer"), os.path.join(out, "transducer"))
    shutil.move(os.path.join(tmp, "ctc"), os.path.join(out, "ctc"))
    shutil.rmtree(tmp)
    # the transducer replica carries exactly sherpa's metadata keys (no sws_* extras)
    enc = os.path.join(out, "transducer", "encoder.onnx")
    m = onnx.load(enc)
    keep = [p for p in m.metadata_props if not p.key.startswith("sws_")]
    del m.metadata_props[:]
    m.metadata_props.extend(keep)
    onnx.save(m, enc)
    # golden: features of 1.2 s and the full-context outputs (chunk 2)
    g = os.path.join(out, "golden")
    os.makedirs(g)
    t = 16 + 8 * 2 * 14
    feats = (torch.randn(1, t, cfg.feat_in) * 2 - 8).float()
    with torch.no_grad():
        enc_off, _ = model.encoder(feats, torch.tensor([t]), 2)
        ctc_off = model.ctc(enc_off).log_softmax(-1)
    np.save(os.path.join(g, "feats.npy"), feats[0].numpy())
    np.save(os.path.join(g, "encoder_offline.npy"), enc_off[0].numpy())
    np.save(os.path.join(g, "ctc_offline.npy"), ctc_off[0].numpy())
    # broken variants
    for name, fn in (("broken-name", rename_input), ("broken-type", wrong_type)):
        d = os.path.join(out, name)
        shutil.copytree(os.path.join(out, "transducer"), d)
        fn(d)
    print("replicas written to", out)


def rename_input(d):
    p = os.path.join(d, "encoder.onnx")
    m = onnx.load(p)
    for i in m.graph.input:
        if i.name == "audio_signal":
            i.name = "features"
    for n in m.graph.node:
        n.input[:] = ["features" if x == "audio_signal" else x for x in n.input]
    onnx.save(m, p)


def wrong_type(d):
    from onnx import helper, TensorProto
    p = os.path.join(d, "encoder.onnx")
    m = onnx.load(p)
    for i in m.graph.input:
        if i.name == "length":
            i.type.tensor_type.elem_type = TensorProto.INT32
    for n in m.graph.node:
        n.input[:] = ["length_i64" if x == "length" else x for x in n.input]
    m.graph.node.insert(0, helper.make_node("Cast", ["length"], ["length_i64"], to=TensorProto.INT64))
    onnx.checker.check_model(m)
    onnx.save(m, p)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "asr", "src", "test", "resources", "replicas"))
