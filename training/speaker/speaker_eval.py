"""Speaker-encoder check on real speakers no encoder was trained on: equal error rate over all same/different pairs of
clips, and identification (a clip's nearest enrolment among the set's speakers is its own speaker).

Sets (each speaker's clips split into enrolment = its first ENROL_S seconds of clips, and the remaining clips as tests):
  libri-dev  the 4 LibriSpeech train-clean-5 dev readers (../shared/data/real, split dev)
  an4-dev    the 10 AN4 test speakers
  libri-other  ../shared/data/librispeech-untranscribed/librispeech_test-other (10 readers x 10 clips)

    /usr/bin/python3 training/speaker/speaker_eval.py --onnx models/house-tts-en-s1/speaker.onnx [--json OUT]
    /usr/bin/python3 training/speaker/speaker_eval.py --weights speaker.pt     (a train.py / from_onnx.py checkpoint)
"""
import argparse
import csv
import glob
import json
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))


def decode(path):
    if path.endswith(".opus"):
        cmd = ["opusdec", "--quiet", "--no-dither", "--rate", "16000", path, "-"]
    else:
        cmd = ["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", "16000", "-f", "s16le", "-"]
    raw = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0


def manifest_set(corpus, split):
    root = os.path.join(SHARED, "real", corpus)
    out = {}
    with open(os.path.join(root, "manifest.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["split"] == split:
                out.setdefault(row["speaker"], []).append(os.path.join(root, row["path"]))
    return out


def folder_set(folder):
    out = {}
    for p in sorted(glob.glob(os.path.join(folder, "**", "*.flac"), recursive=True)):
        out.setdefault(os.path.basename(p).split("-")[0], []).append(p)
    return out


SETS = {
    "libri-dev": lambda: manifest_set("librispeech-train-clean-5", "dev"),
    "an4-dev": lambda: manifest_set("an4", "dev"),
    "libri-other": lambda: folder_set(os.path.join(SHARED, "librispeech-untranscribed", "librispeech_test-other")),
}


def eer(same, diff):
    scores = np.concatenate([same, diff])
    labels = np.concatenate([np.ones(len(same)), np.zeros(len(diff))])
    order = np.argsort(-scores)
    labels = labels[order]
    fa = np.cumsum(1 - labels) / max(1, len(diff))
    miss = 1 - np.cumsum(labels) / max(1, len(same))
    i = np.argmin(np.abs(fa - miss))
    return float((fa[i] + miss[i]) / 2)


class OnnxEncoder:
    def __init__(self, path):
        import onnxruntime as ort
        import torch
        from training.tts.tts_model import TtsMel
        self.s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        self.mel = TtsMel()
        self.torch = torch

    def __call__(self, audio):
        with self.torch.no_grad():
            m = self.mel(self.torch.from_numpy(audio)[None]).numpy()
        return self.s.run(None, {"mel": m})[0][0]


def evaluate(embed, name, speakers, enrol_s=12.0, max_clips=40, max_test_s=12.0):
    emb, spk, enrol = [], [], {}
    for s, paths in sorted(speakers.items()):
        got, pool = 0.0, []
        for p in paths[:max_clips]:
            a = decode(p)
            if got < enrol_s:
                pool.append(a)
                got += len(a) / 16000
            else:
                emb.append(embed(a[:int(max_test_s * 16000)]))
                spk.append(s)
        enrol[s] = embed(np.concatenate(pool)[:int(enrol_s * 16000)])
    emb = np.stack(emb)
    spk = np.array(spk)
    names = sorted(enrol)
    cen = np.stack([enrol[s] for s in names])
    sims = emb @ cen.T
    own = np.array([names.index(s) for s in spk])
    ident = float(np.mean(np.argmax(sims, axis=1) == own))
    same_e = sims[np.arange(len(spk)), own]
    mask = np.ones_like(sims, dtype=bool)
    mask[np.arange(len(spk)), own] = False
    pair = emb @ emb.T
    iu = np.triu_indices(len(spk), 1)
    same_pair = spk[iu[0]] == spk[iu[1]]
    return {"set": name, "speakers": len(names), "test_clips": len(spk),
            "eer_pairs": round(eer(pair[iu][same_pair], pair[iu][~same_pair]), 4),
            "identification": round(ident, 4),
            "cos_own_mean": round(float(same_e.mean()), 3),
            "cos_other_mean": round(float(sims[mask].mean()), 3)}


class TorchEncoder:
    def __init__(self, path):
        import torch
        from training.tts.tts_model import SpeakerConfig, SpeakerEncoder, TtsMel
        d = torch.load(path, map_location="cpu")
        self.model = SpeakerEncoder(SpeakerConfig(**d["config"])).eval()
        self.model.load_state_dict({k: v.float() for k, v in d["model"].items()})
        self.mel = TtsMel()
        self.torch = torch

    def __call__(self, audio):
        with self.torch.no_grad():
            return self.model(self.mel(self.torch.from_numpy(audio)[None]))[0].numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx")
    ap.add_argument("--weights")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--json")
    a = ap.parse_args()
    enc = OnnxEncoder(a.onnx) if a.onnx else TorchEncoder(a.weights)
    rows = [evaluate(enc, n, SETS[n]()) for n in a.sets.split(",")]
    print(f"{'set':12} {'spk':>4} {'clips':>6} {'EER':>7} {'ident':>7} {'cos own':>8} {'cos other':>9}")
    for r in rows:
        print(f"{r['set']:12} {r['speakers']:4d} {r['test_clips']:6d} {100 * r['eer_pairs']:6.2f}% "
              f"{100 * r['identification']:6.1f}% {r['cos_own_mean']:8.3f} {r['cos_other_mean']:9.3f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"onnx": a.onnx, "weights": a.weights, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
