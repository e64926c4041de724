#!/usr/bin/env python3
"""Export check with ONNX Runtime (run where onnxruntime is installed, e.g. the GPU host).

1. Exports weights.pt to the sherpa-onnx NeMo layout (transducer + ctc), optionally int8 (dynamic quantisation).
2. Runs the exported encoder step by step with its caches, exactly as the Java/sherpa runtime does (windows of
   window_size frames, advancing chunk_shift, 1 s of tail padding), and compares the encoder outputs with the
   PyTorch full-context forward of the same chunk size: prints max |diff|.
3. Decodes the dev sets with the ONNX graphs (greedy RNN-T via decoder/joiner, greedy CTC) and prints WER.
"""
import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
import sentencepiece as spm
import torch

from training.asr.decode import wer
from training.asr.export import export
from training.frontend.logmel_reference import logmel
from training.asr.model import Config, HybridAsr


def load_set(real, name):
    from training.asr.data import decode_flac
    audio, rate = decode_flac(os.path.join(real, name + ".flac"))
    meta = json.load(open(os.path.join(real, name + ".json")))
    out = []
    for i, t in enumerate(meta["texts"]):
        a = audio[meta["offsets"][i]:meta["offsets"][i + 1]].astype(np.float64) / 32768.0
        if rate != 16000:
            from scipy.signal import resample_poly
            a = resample_poly(a, 16000 // np.gcd(rate, 16000), rate // np.gcd(rate, 16000))
        out.append((a, t))
    return out


class OrtAsr:
    def __init__(self, folder, threads=2):
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        p = ["CPUExecutionProvider"]
        self.ctc = os.path.exists(os.path.join(folder, "model.onnx"))
        self.enc = ort.InferenceSession(os.path.join(folder, "model.onnx" if self.ctc else "encoder.onnx"), so, providers=p)
        m = self.enc.get_modelmeta().custom_metadata_map
        self.window, self.shift = int(m["window_size"]), int(m["chunk_shift"])
        self.dims = [int(m[k]) for k in ("cache_last_channel_dim1", "cache_last_channel_dim2", "cache_last_channel_dim3",
                                         "cache_last_time_dim1", "cache_last_time_dim2", "cache_last_time_dim3")]
        self.vocab = int(m["vocab_size"])
        self.H, self.layers = int(m["pred_hidden"]), int(m["pred_rnn_layers"])
        if not self.ctc:
            self.dec = ort.InferenceSession(os.path.join(folder, "decoder.onnx"), so, providers=p)
            self.joi = ort.InferenceSession(os.path.join(folder, "joiner.onnx"), so, providers=p)

    def encode(self, feats):
        """feats (T, 80) -> list of per-chunk outputs (transducer: (T', d); ctc: (T', V+1))."""
        d = self.dims
        ch = np.zeros((1, d[0], d[1], d[2]), np.float32)
        tt = np.zeros((1, d[3], d[4], d[5]), np.float32)
        ln = np.zeros((1,), np.int64)
        outs, start = [], 0
        names = [i.name for i in self.enc.get_inputs()]
        while start + self.window <= len(feats):
            x = feats[start:start + self.window].T[None].astype(np.float32)
            o = self.enc.run(None, dict(zip(names, [x, np.array([self.window], np.int64), ch, tt, ln])))
            ch, tt, ln = o[2], o[3], o[4]
            outs.append(o[0][0] if self.ctc else o[0][0].T)
            start += self.shift
        return np.concatenate(outs) if outs else np.zeros((0, 1), np.float32)

    def decode(self, enc):
        blank = self.vocab
        if self.ctc:
            best = enc.argmax(-1)
            ids, prev = [], blank
            for s in best:
                if s != blank and s != prev:
                    ids.append(int(s))
                prev = s
            return ids
        dn = [i.name for i in self.dec.get_inputs()]
        h = np.zeros((self.layers, 1, self.H), np.float32)
        c = np.zeros_like(h)
        dout, h2, c2 = self._dec(dn, blank, h, c)
        ids = []
        for t in range(len(enc)):
            for _ in range(5):
                lp = self.joi.run(None, {"encoder_outputs": enc[t][None, :, None], "decoder_outputs": dout})[0].reshape(-1)
                k = int(lp.argmax())
                if k == blank:
                    break
                ids.append(k)
                h, c = h2, c2
                dout, h2, c2 = self._dec(dn, k, h, c)
        return ids

    def _dec(self, names, tok, h, c):
        o = self.dec.run(None, dict(zip(names, [np.array([[tok]], np.int32), np.array([1], np.int32), h, c])))
        return o[0], o[2], o[3]


def quantize(folder):
    from onnxruntime.quantization import QuantType, quantize_dynamic
    for f in os.listdir(folder):
        if f.endswith(".onnx") and f in ("encoder.onnx", "model.onnx", "joiner.onnx"):
            src = os.path.join(folder, f)
            tmp = src + ".fp32"
            os.replace(src, tmp)
            quantize_dynamic(tmp, src, weight_type=QuantType.QInt8)
            os.remove(tmp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--real", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--chunk", type=int, default=4)
    ap.add_argument("--int8", action="store_true")
    ap.add_argument("--limit", type=int, default=200)
    a = ap.parse_args()
    sp = spm.SentencePieceProcessor(model_file=os.path.join(os.path.dirname(__file__), "tokenizer", "bpe256.model"))
    st = torch.load(a.weights, map_location="cpu")
    model = HybridAsr(Config(**st["config"])).eval()
    model.load_state_dict(st["model"])
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    meta = {"sws_train_steps": st.get("step", 0)}
    fp32 = export(model, pieces, os.path.join(a.out, "fp32"), a.chunk, meta)
    report = {}
    sets = {n: load_set(a.real, n)[: a.limit] for n in ("allison_dev", "fsdd_dev")}
    # streaming (ONNX, fp32) vs full context (PyTorch)
    asr = OrtAsr(fp32[0])
    audio = sets["allison_dev"][0][0]
    feats = logmel(np.concatenate([audio, np.zeros(16000)])).astype(np.float32)
    stream = asr.encode(feats)
    with torch.no_grad():
        off, _ = model.encoder(torch.from_numpy(feats)[None], torch.tensor([len(feats)]), a.chunk)
    n = min(len(stream), off.shape[1])
    report["stream_vs_offline_max_abs_diff"] = float(np.abs(stream[:n] - off[0, :n].numpy()).max())
    report["stream_frames"] = [int(len(stream)), int(off.shape[1])]
    groups = [("fp32", fp32)]
    if a.int8:
        import shutil
        q = []
        for f in fp32:
            dst = os.path.join(a.out, "int8", os.path.basename(f))
            shutil.copytree(f, dst, dirs_exist_ok=True)
            quantize(dst)
            q.append(dst)
        groups.append(("int8", q))
    for label, folders in groups:
        for f in folders:
            asr = OrtAsr(f)
            for name, items in sets.items():
                t0 = time.time()
                refs, hyps, dur = [], [], 0.0
                for audio, text in items:
                    feats = logmel(np.concatenate([audio, np.zeros(16000)])).astype(np.float32)
                    hyps.append(sp.decode(asr.decode(asr.encode(feats))))
                    refs.append(text)
                    dur += len(audio) / 16000
                w, e, nw = wer(refs, hyps)
                report[f"{label}/{os.path.basename(f)}/{name}"] = {
                    "wer": round(w, 2), "errors": e, "words": nw, "rtf_python": round((time.time() - t0) / dur, 4),
                    "examples": list(zip(refs[:2], hyps[:2]))}
            report[f"{label}/{os.path.basename(f)}/bytes"] = sum(os.path.getsize(os.path.join(f, x)) for x in os.listdir(f))
    print(json.dumps(report, indent=1))
    with open(os.path.join(a.out, "check.json"), "w") as fh:
        json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
