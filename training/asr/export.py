#!/usr/bin/env python3
"""Exports a trained (or random, for replicas) HybridAsr to sherpa-onnx's NeMo cache-aware streaming layout:

  transducer/: encoder.onnx, decoder.onnx, joiner.onnx, tokens.txt
  ctc/:        model.onnx, tokens.txt

Encoder inputs  audio_signal (B, feat_dim, T) float, length (B) int64, cache_last_channel (B, layers, L, d),
                cache_last_time (B, layers, d, K-1), cache_last_channel_len (B) int64
Encoder outputs outputs (B, d, T') [CTC: logprobs (B, T', V+1)], encoded_lengths (B) int64,
                cache_last_channel_next, cache_last_time_next, cache_last_channel_next_len
Decoder         targets (B,1) int32, target_length (B) int32, two LSTM states (layers, B, H) addressed by
                position -> outputs (B, H, 1), prednet_lengths, next states
Joiner          encoder_outputs (B, d, 1), decoder_outputs (B, H, 1) -> outputs (B, 1, 1, V+1) log-probs
Metadata (encoder / model.onnx): vocab_size (without blank), window_size, chunk_shift, subsampling_factor,
feat_dim, normalize_type, cache_last_channel_dim1..3, cache_last_time_dim1..3, pred_rnn_layers, pred_hidden,
model_type, plus sws_* keys (supported chunk sizes, pre-encode cache) that other runtimes ignore.
Works with torch 1.13 (TorchScript exporter) and 2.x (dynamo=False).
"""
import argparse
import inspect
import json
import os

import onnx
import torch
import torch.nn as nn

from training.asr.model import DROP, Config, HybridAsr

OPSET = 17


class EncoderStep(nn.Module):
    def __init__(self, model: HybridAsr, ctc: bool):
        super().__init__()
        self.m, self.ctc = model, ctc

    def forward(self, audio_signal, length, cache_last_channel, cache_last_time, cache_last_channel_len):
        feats = audio_signal.transpose(1, 2)
        y, ch, tt, ln = self.m.encoder.step(feats, cache_last_channel, cache_last_time, cache_last_channel_len)
        enc_len = self.m.encoder.out_lengths(length)
        if self.ctc:
            return self.m.ctc(y).log_softmax(-1), enc_len, ch, tt, ln
        return y.transpose(1, 2), enc_len, ch, tt, ln


class DecoderStep(nn.Module):
    def __init__(self, model: HybridAsr):
        super().__init__()
        self.p = model.predictor

    def forward(self, targets, target_length, h, c):
        out, (h2, c2) = self.p.lstm(self.p.embed(targets.long()), (h, c))
        return out.transpose(1, 2), target_length, h2, c2


class JoinerStep(nn.Module):
    def __init__(self, model: HybridAsr):
        super().__init__()
        self.j = model.joint

    def forward(self, encoder_outputs, decoder_outputs):
        return self.j(encoder_outputs.transpose(1, 2), decoder_outputs.transpose(1, 2)).log_softmax(-1)


def export_onnx(module, args, path, inputs, outputs, dynamic):
    kw = dict(input_names=inputs, output_names=outputs, dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kw["dynamo"] = False
    torch.onnx.export(module, args, path, **kw)


def add_metadata(path, meta):
    m = onnx.load(path)
    del m.metadata_props[:]
    for k, v in meta.items():
        p = m.metadata_props.add()
        p.key, p.value = k, str(v)
    onnx.save(m, path)


def write_tokens(path, pieces):
    with open(path, "w", encoding="utf-8") as f:
        for i, p in enumerate(pieces):
            f.write(f"{p} {i}\n")
        f.write(f"<blk> {len(pieces)}\n")


def export(model: HybridAsr, pieces, out_dir, chunk=4, extra_meta=None, variants=("transducer", "ctc")):
    cfg = model.cfg
    model.eval()
    b, w = 1, cfg.pre_encode + cfg.subsampling * chunk
    args = (torch.randn(b, cfg.feat_in, w), torch.full((b,), w, dtype=torch.int64),
            torch.zeros(b, cfg.n_layers, cfg.left_context, cfg.d_model),
            torch.zeros(b, cfg.n_layers, cfg.d_model, cfg.conv_kernel - 1), torch.zeros(b, dtype=torch.int64))
    enc_in = ["audio_signal", "length", "cache_last_channel", "cache_last_time", "cache_last_channel_len"]
    dyn = {"audio_signal": {0: "B", 2: "T"}, "length": {0: "B"}, "cache_last_channel": {0: "B"},
           "cache_last_time": {0: "B"}, "cache_last_channel_len": {0: "B"}, "encoded_lengths": {0: "B"},
           "cache_last_channel_next": {0: "B"}, "cache_last_time_next": {0: "B"}, "cache_last_channel_next_len": {0: "B"}}
    meta = {
        "vocab_size": cfg.vocab_size, "window_size": w, "chunk_shift": cfg.subsampling * chunk, "normalize_type": "None",
        "cache_last_channel_dim1": cfg.n_layers, "cache_last_channel_dim2": cfg.left_context,
        "cache_last_channel_dim3": cfg.d_model, "cache_last_time_dim1": cfg.n_layers,
        "cache_last_time_dim2": cfg.d_model, "cache_last_time_dim3": cfg.conv_kernel - 1,
        "pred_rnn_layers": cfg.pred_layers, "pred_hidden": cfg.pred_hidden, "subsampling_factor": cfg.subsampling,
        "feat_dim": cfg.feat_in, "model_type": "EncDecHybridRNNTCTCBPEModel", "version": "1",
        "model_author": "Speech Workstation", "sws_supported_chunks": ",".join(str(c) for c in ((2, 4, 8, 16) if cfg.subsampling == 4 else (1, 2, 4, 8)) if c <= cfg.max_chunk),
        "sws_pre_encode_cache": cfg.pre_encode, "sws_drop_frames": DROP,
        "comment": "Cache-aware streaming FastConformer (hybrid RNN-T/CTC), sherpa-onnx NeMo layout",
    }
    meta.update(extra_meta or {})
    written = []
    with torch.no_grad():
        if "transducer" in variants:
            d = os.path.join(out_dir, "transducer")
            os.makedirs(d, exist_ok=True)
            enc_out = ["outputs", "encoded_lengths", "cache_last_channel_next", "cache_last_time_next", "cache_last_channel_next_len"]
            dd = dict(dyn, outputs={0: "B", 2: "T_out"})
            export_onnx(EncoderStep(model, False), args, os.path.join(d, "encoder.onnx"), enc_in, enc_out, dd)
            add_metadata(os.path.join(d, "encoder.onnx"), meta)
            h = torch.zeros(cfg.pred_layers, 1, cfg.pred_hidden)
            export_onnx(DecoderStep(model), (torch.zeros(1, 1, dtype=torch.int32), torch.ones(1, dtype=torch.int32), h, h.clone()),
                    os.path.join(d, "decoder.onnx"), ["targets", "target_length", "states.1", "onnx::Slice_3"],
                    ["outputs", "prednet_lengths", "states", "states.3"],
                    {"targets": {0: "B"}, "target_length": {0: "B"}, "states.1": {1: "B"}, "onnx::Slice_3": {1: "B"},
                     "outputs": {0: "B"}, "prednet_lengths": {0: "B"}, "states": {1: "B"}, "states.3": {1: "B"}})
            export_onnx(JoinerStep(model), (torch.randn(1, cfg.d_model, 1), torch.randn(1, cfg.pred_hidden, 1)),
                    os.path.join(d, "joiner.onnx"), ["encoder_outputs", "decoder_outputs"], ["outputs"],
                    {"encoder_outputs": {0: "B"}, "decoder_outputs": {0: "B"}, "outputs": {0: "B"}})
            write_tokens(os.path.join(d, "tokens.txt"), pieces)
            written.append(d)
        if "ctc" in variants:
            d = os.path.join(out_dir, "ctc")
            os.makedirs(d, exist_ok=True)
            out = ["logprobs", "encoded_lengths", "cache_last_channel_next", "cache_last_time_next", "cache_last_channel_next_len"]
            dd = dict(dyn, logprobs={0: "B", 1: "T_out"})
            export_onnx(EncoderStep(model, True), args, os.path.join(d, "model.onnx"), enc_in, out, dd)
            add_metadata(os.path.join(d, "model.onnx"), dict(meta, model_type="EncDecCTCModelBPE"))
            write_tokens(os.path.join(d, "tokens.txt"), pieces)
            written.append(d)
    for d in written:
        for f in os.listdir(d):
            if f.endswith(".onnx"):
                onnx.checker.check_model(os.path.join(d, f))
    return written


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True, help="weights.pt from train.py")
    ap.add_argument("--tokenizer", default=os.path.join(os.path.dirname(__file__), "tokenizer", "bpe256.model"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--chunk", type=int, default=4)
    ap.add_argument("--meta", default="{}")
    a = ap.parse_args()
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=a.tokenizer)
    st = torch.load(a.weights, map_location="cpu")
    model = HybridAsr(Config(**st["config"]))
    model.load_state_dict(st["model"])
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    print(export(model, pieces, a.out, a.chunk, json.loads(a.meta)))


if __name__ == "__main__":
    main()
