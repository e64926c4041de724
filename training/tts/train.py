#!/usr/bin/env python3
"""Trains one of the house TTS models (tts_model.py); resumable; writes weights.pt (fp16) + train.log.jsonl.

  --model velocity  conditional flow matching (F5-style infilling: a random prefix of 0-40 % of the frames is
                    the condition, the loss covers the rest; 20 % of batches drop text and condition, 10 % drop
                    the condition only, for classifier-free guidance)
  --model vocoder   log mel -> waveform, multi-resolution spectral losses (no adversarial loss)
  --model speaker   speaker embedding, additive angular margin softmax over voices and speakers

Data (all 16 kHz int16): synthetic shards from training/data/synth.py (text + voice name per utterance; picked up
while generation runs) and packed real recordings X.flac + X.json (offsets, texts, names), e.g. allison_train
(one speaker, with texts) and libri_a/libri_b (LibriSpeech clips, no texts; speaker = file name prefix).

Usage: python3 -m training.tts.train --model velocity --work W --shards S --real R/allison_train [--dev S/dev] --budget-min 18
"""
import argparse
import glob
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
from training.common.runlog import log
from training.tts.tts_model import (HOP, MEL_MEAN, MEL_STD, SpeakerConfig, SpeakerEncoder, TtsMel, Velocity, VelocityConfig,
                       Vocoder, VocoderConfig, encode_text, uniform_layout)
from training.asr.data import decode_flac, decode_opus, read_index

MAX_FRAMES = 440      # 7 s: longer utterances are skipped by the velocity model (never truncated)


def trim(mel, margin=3, floor_db=4.6):
    """First/last frame whose mean log mel is within floor (natural log units; 4.6 = 40 dB) of the loudest."""
    e = mel.float().mean(-1)
    keep = (e > e.max() - floor_db).nonzero()
    if len(keep) == 0:
        return 0, 0
    return max(0, int(keep[0]) - margin), min(len(e), int(keep[-1]) + 1 + margin)


class Corpus:
    """Utterances as trimmed log mels on the device (fp16), with their text ids, speaker label and audio."""

    def __init__(self, device, keep_audio, text_units="chars", letter_rate=0.0, seed=0):
        self.device, self.keep_audio = device, keep_audio
        self.text_units, self.letter_rate = text_units, letter_rate
        self.rng = np.random.default_rng(seed) if letter_rate > 0 else None
        self.mels, self.texts, self.spk, self.audio, self.synthetic = [], [], [], [], []
        self.speakers, self.loaded = {}, set()
        self.mel = TtsMel().to(device)

    def _speaker(self, name):
        return self.speakers.setdefault(name, len(self.speakers))

    @torch.no_grad()
    def add(self, audio, offsets, texts, speakers, synthetic):
        for i in range(len(offsets) - 1):
            a = torch.from_numpy(audio[offsets[i]:offsets[i + 1]].astype(np.float32) / 32768.0).to(self.device)
            if len(a) < HOP * 20:
                continue
            m = self.mel(a[None])[0]
            s, e = trim(m)
            if e - s < 16:
                continue
            self.mels.append(m[s:e].half())
            self.texts.append(encode_text(texts[i], self.text_units, self.rng, self.letter_rate)
                              if texts is not None else None)
            self.spk.append(self._speaker(speakers[i]))
            self.synthetic.append(synthetic)
            if self.keep_audio:
                self.audio.append((a[s * HOP:e * HOP] * 32767).to(torch.int16))

    def poll_shards(self, folder):
        new = 0
        for f in sorted(glob.glob(os.path.join(folder, "shard-*.npz"))):
            if f in self.loaded or f.endswith(".tmp.npz"):
                continue
            z = np.load(f)
            self.add(z["audio"], z["offsets"], [str(t) for t in z["texts"]], [str(v) for v in z["voices"]], True)
            self.loaded.add(f)
            new += 1
        return new

    def add_packed(self, path):
        audio, rate = decode_flac(path + ".flac")
        assert rate == 16000, f"{path}: {rate} Hz"
        meta = json.load(open(path + ".json"))
        texts = meta.get("texts")
        has_text = texts is not None and any(texts)
        names = meta.get("names") or [os.path.basename(path)] * (len(meta["offsets"]) - 1)
        if "libri" in os.path.basename(path):
            spk = ["libri:" + n.split("-")[0] for n in names]
        else:
            spk = [os.path.basename(path).split("_")[0]] * len(names)
        self.add(audio, np.asarray(meta["offsets"]), texts if has_text else None, spk, False)


def add_corpora(corpus, folder, split="train", only=None, with_text=True, workers=12):
    """The real corpora packed by training/data/pack_corpora.py (index.tsv + Opus files, decoded here with opusdec):
    every utterance of `split` (of the corpora in `only`, if given), with its normalised text (or none, with_text=False)
    and its speaker ("corpus:speaker"). The dev speakers are in split dev and never read for training."""
    from concurrent.futures import ThreadPoolExecutor
    rows = [r for r in read_index(folder) if r["split"] == split and (not only or r["corpus"] in only)]
    with ThreadPoolExecutor(workers) as ex:
        audio = list(ex.map(lambda r: decode_opus(os.path.join(folder, r["corpus"], r["path"])), rows))
    offsets = np.concatenate([[0], np.cumsum([len(a) for a in audio])])
    corpus.add(np.concatenate(audio), offsets, [r["normalized"] for r in rows] if with_text else None,
               [r["corpus"] + ":" + r["speaker"] for r in rows], False)
    return len(rows)


def add_speaker_clips(corpus, folder, workers=12):
    """Untranscribed clips for the speaker encoder: FOLDER/SPEAKER-*.opus (speaker = the name before the first '-')."""
    from concurrent.futures import ThreadPoolExecutor
    files = sorted(f for f in os.listdir(folder) if f.endswith(".opus"))
    with ThreadPoolExecutor(workers) as ex:
        audio = list(ex.map(lambda f: decode_opus(os.path.join(folder, f)), files))
    offsets = np.concatenate([[0], np.cumsum([len(a) for a in audio])])
    corpus.add(np.concatenate(audio), offsets, None, ["clips:" + f.split("-")[0] for f in files], False)
    return len(files)


def read_budget(work, budget):
    """A file W/budget_min (written by a device call while training runs) replaces the budget: the GPU time left decides
    how long the run may go on, and the learning-rate schedule follows the new end."""
    try:
        return float(open(os.path.join(work, "budget_min")).read()) * 60
    except (OSError, ValueError):
        return budget


def velocity_batch(corpus, idx, rng, device, prefix_max=0.4, max_frames=MAX_FRAMES, prefix_min=0.0):
    """Padded batch of whole utterances (callers only pick ones of at most max_frames frames, so every text is spread
    over exactly the frames that speak it), with the infilling condition (a prefix of prefix_min to prefix_max of the
    frames) and the guidance dropouts."""
    lens = [len(corpus.mels[i]) for i in idx]
    assert max(lens) <= max_frames, "velocity batches take whole utterances only"
    b = len(idx)
    x1 = (torch.nn.utils.rnn.pad_sequence([corpus.mels[i] for i in idx], batch_first=True).float() - MEL_MEAN) / MEL_STD
    t_max = x1.shape[1]
    lengths = torch.tensor(lens, device=device)
    # uniform layout for the whole batch at once: frame f of an utterance of T frames and N characters -> char f*N//T
    ids = torch.nn.utils.rnn.pad_sequence([torch.as_tensor(corpus.texts[i], dtype=torch.long) for i in idx],
                                          batch_first=True).to(device)
    n_chars = torch.tensor([len(corpus.texts[i]) for i in idx], device=device)
    frames = torch.arange(t_max, device=device)[None]
    valid = frames < lengths[:, None]
    pos = torch.clamp((frames * n_chars[:, None]) // lengths[:, None], max=ids.shape[1] - 1)
    text = torch.gather(ids, 1, pos) * valid.long()
    x1 = x1 * valid[..., None]
    prefix = (torch.from_numpy(rng.uniform(prefix_min, prefix_max, b)).float().to(device) * lengths).long()
    gen = valid & (frames >= prefix[:, None])
    cond = x1 * (~gen & valid)[..., None]
    u = torch.from_numpy(rng.random(b)).to(device)
    drop_all, drop_cond = u < 0.2, (u >= 0.2) & (u < 0.3)
    cond = cond * (~(drop_all | drop_cond)).float()[:, None, None]
    text = text * (~drop_all).long()[:, None]
    return x1, cond, text, lengths, gen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["velocity", "vocoder", "speaker"], required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--shards", default=None)
    ap.add_argument("--real", nargs="*", default=[])
    ap.add_argument("--dev", default=None, help="a shard folder held out for the validation loss")
    ap.add_argument("--budget-min", type=float, default=18)
    ap.add_argument("--frames-per-batch", type=int, default=16000)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--config", default="{}")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--max-steps", type=int, default=10 ** 9)
    ap.add_argument("--ckpt-every-min", type=float, default=2)
    ap.add_argument("--letter-rate", type=float, default=0.03,
                    help="phoneme models: share of lexicon words spelled in letters anyway (trains the fallback)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--prefix-max", type=float, default=0.4,
                    help="velocity: the condition is a random prefix of up to this share of the frames (a cloning"
                         " reference of 5 s before 3 s of new speech is ~60 %%)")
    ap.add_argument("--max-frames", type=int, default=MAX_FRAMES,
                    help="velocity: longest utterance trained on, in frames (a reference plus the new text is"
                         " ~8-9 s, 500-560 frames)")
    ap.add_argument("--init", default=None, help="weights.pt to start from (fp16 weights of an earlier run) when there is no ckpt.pt")
    ap.add_argument("--corpora", default=None, help="real corpora packed by training/data/pack_corpora.py (index.tsv + Opus)")
    ap.add_argument("--corpora-only", default="", help="comma-separated corpus names to take from --corpora (default: all)")
    ap.add_argument("--speaker-clips", default=None, help="speaker model: a folder of SPEAKER-*.opus clips without text")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    logf = os.path.join(a.work, "train.log.jsonl")
    ckpt_path = os.path.join(a.work, "ckpt.pt")
    device = torch.device(a.device)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    kind = a.model
    cfg = {"velocity": VelocityConfig, "vocoder": VocoderConfig, "speaker": SpeakerConfig}[kind](**json.loads(a.config))
    model = {"velocity": Velocity, "vocoder": Vocoder, "speaker": SpeakerEncoder}[kind](cfg).to(device)
    units = getattr(cfg, "text_units", "chars")
    corpus = Corpus(device, keep_audio=kind == "vocoder", text_units=units, letter_rate=a.letter_rate, seed=a.seed)
    for p in a.real:
        corpus.add_packed(p)
    if a.corpora:
        n = add_corpora(corpus, a.corpora, only=set(filter(None, a.corpora_only.split(","))), with_text=kind == "velocity")
        log(logf, event="corpora", folder=a.corpora, utterances=n)
    if a.speaker_clips and kind == "speaker":
        log(logf, event="speaker_clips", folder=a.speaker_clips, clips=add_speaker_clips(corpus, a.speaker_clips))
    if a.shards:
        corpus.poll_shards(a.shards)
    extra = {}
    if kind == "speaker":
        # classes: every voice/speaker that can appear (synthetic voice names are open-ended: 4096 slots)
        extra["classifier"] = torch.nn.Parameter(torch.randn(4096, cfg.emb, device=device) * 0.01)
    params = list(model.parameters()) + list(extra.values())
    lr0 = a.lr or {"velocity": 7e-4, "vocoder": 1e-3, "speaker": 2e-3}[kind]
    opt = torch.optim.AdamW(params, lr=lr0, betas=(0.9, 0.99) if kind == "velocity" else (0.8, 0.99), weight_decay=0.01)
    step, elapsed = 0, 0.0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        for k, v in ck.get("extra", {}).items():
            extra[k].data.copy_(v)
        corpus.speakers.update(ck.get("speakers", {}))
        step, elapsed = ck["step"], ck["elapsed"]
        log(logf, event="resumed", step=step, elapsed=elapsed)
    elif a.init:
        w = torch.load(a.init, map_location=device)
        missing, unexpected = model.load_state_dict({k: v.float() for k, v in w["model"].items()}, strict=False)
        assert not unexpected and all(k.startswith("istft.") for k in missing), (missing, unexpected)
        log(logf, event="init", weights=a.init, from_step=w.get("step"))
    dev = None
    if a.dev and kind == "velocity":
        dev = Corpus(device, False, text_units=units)
        dev.poll_shards(a.dev)
    elif a.corpora and kind == "velocity":   # the held-out LibriSpeech readers: a dev loss on people never heard
        dev = Corpus(device, False, text_units=units)
        add_corpora(dev, a.corpora, split="dev", only={"librispeech-train-clean-5"})
    spectral = None
    log(logf, event="start", model=kind, config=cfg.to_json(), params=sum(p.numel() for p in model.parameters()),
        utterances=len(corpus.mels), speakers=len(corpus.speakers), args=vars(a))
    rng = np.random.default_rng(step + 1)
    budget = a.budget_min * 60
    t0 = time.time() - elapsed
    last_ckpt, last_poll = time.time(), time.time()
    use_amp = device.type == "cuda"

    def trainable():   # whole utterances with text, short enough for one batch row (never truncated: text must align)
        return np.array([i for i, t in enumerate(corpus.texts) if t and len(corpus.mels[i]) <= a.max_frames])

    with_text = trainable()

    def save():
        tmp = ckpt_path + ".tmp"
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "elapsed": time.time() - t0,
                    "config": cfg.to_json(), "extra": {k: v.data for k, v in extra.items()},
                    "speakers": corpus.speakers}, tmp)
        os.replace(tmp, ckpt_path)
        w = {"kind": kind, "config": cfg.to_json(), "step": step,
             "model": {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()
                       if not k.startswith("istft.")}}   # fixed buffers, rebuilt by the constructor
        torch.save(w, os.path.join(a.work, "weights.pt.tmp"))
        os.replace(os.path.join(a.work, "weights.pt.tmp"), os.path.join(a.work, "weights.pt"))

    @torch.no_grad()
    def dev_loss(cloning=False):
        """Validation loss at t = 0.1/0.5/0.9: on the first 64 dev utterances of up to 7 s with a 0-40 % prefix, or, cloning=True, on the 64 longest up to --max-frames with a 50-70 % prefix
        (a reference followed by a shorter new text, as the product uses the model)."""
        if dev is None or not dev.mels:
            return None
        model.eval()
        g = np.random.default_rng(0)
        if cloning:
            idx = sorted((i for i in range(len(dev.mels)) if dev.texts[i] and len(dev.mels[i]) <= a.max_frames),
                         key=lambda i: -len(dev.mels[i]))[:64]
            x1, cond, text, lengths, gen = velocity_batch(dev, idx, g, device, 0.7, a.max_frames, 0.5)
        else:
            idx = [i for i in range(len(dev.mels)) if dev.texts[i] and len(dev.mels[i]) <= MAX_FRAMES][:64]
            x1, cond, text, lengths, gen = velocity_batch(dev, idx, g, device)
        losses = []
        for tv in (0.1, 0.5, 0.9):
            x0 = torch.from_numpy(g.standard_normal(x1.shape).astype(np.float32)).to(device)
            t = torch.full((len(idx),), tv, device=device)
            xt = (1 - tv) * x0 + tv * x1
            v = model(xt, cond, text, t, lengths)
            losses.append(float(((v - (x1 - x0)) ** 2).mean(-1)[gen].mean()))
        model.train()
        return [round(x, 4) for x in losses]

    if kind == "vocoder":
        import importlib.util
        spec = importlib.util.spec_from_file_location("codec_train", os.path.join(HERE, "..", "codec", "train.py"))
        codec_train = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(codec_train)
        spectral = codec_train.SpectralLoss(16000).to(device)
    mel_fn = corpus.mel

    while time.time() - t0 < budget and step < a.max_steps:
        frac = (time.time() - t0) / budget
        lr = lr0 * min(1.0, (step + 1) / 1000) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = lr
        stats = {}
        if kind == "velocity":
            pool = rng.choice(with_text, size=min(len(with_text), 512), replace=False)
            pool = sorted(pool, key=lambda i: len(corpus.mels[i]))
            start = int(rng.integers(0, max(1, len(pool) - 8)))
            idx, total = [], 0
            for i in pool[start:]:
                n = len(corpus.mels[i])
                if total + n > a.frames_per_batch and idx:
                    break
                idx.append(i)
                total += n
            x1, cond, text, lengths, gen = velocity_batch(corpus, idx, rng, device, a.prefix_max, a.max_frames)
            x0 = torch.randn_like(x1)
            t = torch.rand(len(idx), device=device)
            xt = (1 - t[:, None, None]) * x0 + t[:, None, None] * x1
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
                v = model(xt, cond, text, t, lengths)
            loss = ((v.float() - (x1 - x0)) ** 2).mean(-1)[gen].mean()
            stats["batch"] = len(idx)
        elif kind == "vocoder":
            n_frames, b = 32, 32
            out = []
            for _ in range(b):
                src = corpus.audio[int(rng.integers(len(corpus.audio)))]
                if len(src) <= n_frames * HOP:
                    src = F.pad(src, (0, n_frames * HOP + 1 - len(src)))
                s = int(rng.integers(0, len(src) - n_frames * HOP))
                out.append(src[s:s + n_frames * HOP])
            x = torch.stack(out).float() / 32768.0
            x = x / x.abs().amax(1, keepdim=True).clamp_min(1e-4) * torch.empty(b, 1, device=device).uniform_(0.1, 0.95)
            with torch.no_grad():
                mel = mel_fn(x)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_amp):
                y = model(mel)
            mel_l, mag_l, sc_l = spectral(y.float(), x)
            loss = 15.0 * mel_l + mag_l + sc_l
            stats.update(mel=round(mel_l.item(), 4), sc=round(sc_l.item(), 4))
        else:
            n_frames, b = int(rng.integers(100, 200)), 128
            mels, labels = [], []
            for _ in range(b):
                i = int(rng.integers(len(corpus.mels)))
                m = corpus.mels[i]
                if len(m) < n_frames:
                    m = m.repeat((n_frames // len(m)) + 1, 1)
                s = int(rng.integers(0, len(m) - n_frames + 1))
                mels.append(m[s:s + n_frames].float())
                labels.append(corpus.spk[i])
            mel = torch.stack(mels) + 0.02 * torch.randn(b, n_frames, mels[0].shape[1], device=device)
            y = torch.tensor(labels, device=device)
            e = model(mel)
            w = F.normalize(extra["classifier"], dim=1)
            cos = e @ w.T
            margin, scale = 0.2, 30.0
            theta = torch.acos(cos.clamp(-1 + 1e-6, 1 - 1e-6))
            logits = scale * torch.where(F.one_hot(y, w.shape[0]).bool(), torch.cos(theta + margin), cos)
            loss = F.cross_entropy(logits, y)
            stats["acc"] = round(float((cos.argmax(1) == y).float().mean()), 3)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(params, 1.0 if kind == "velocity" else 10.0)
        opt.step()
        step += 1
        if step % 200 == 0:
            log(logf, event="step", step=step, elapsed=round(time.time() - t0, 1), lr=round(lr, 6),
                loss=round(loss.item(), 4), grad=round(gn.item(), 2), utterances=len(corpus.mels), **stats)
        if step % 2000 == 0 and kind == "velocity":
            log(logf, event="eval", step=step, dev_loss_t01_05_09=dev_loss(), cloning_dev_loss=dev_loss(True))
        if a.shards and time.time() - last_poll > 60:
            if corpus.poll_shards(a.shards):
                with_text = trainable()
            last_poll = time.time()
        if time.time() - last_ckpt > a.ckpt_every_min * 60:
            save()
            last_ckpt = time.time()
            budget = read_budget(a.work, budget)
    save()
    log(logf, event="finished", step=step, elapsed=round(time.time() - t0, 1), speakers=len(corpus.speakers),
        utterances=len(corpus.mels), dev_loss_t01_05_09=dev_loss() if kind == "velocity" else None,
        cloning_dev_loss=dev_loss(True) if kind == "velocity" else None)


if __name__ == "__main__":
    main()
