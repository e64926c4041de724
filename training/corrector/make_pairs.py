#!/usr/bin/env python3
"""Training pairs for the house corrector, the Denoising-LM way: synthetic speech -> house ASR n-best -> reference.

Reads the synthetic shards that data/synth.py writes (texts never heard by the ASR weights given with --asr when
the shards come from a fresh seed), degrades the audio with the ASR recipe's augmentation (noise, reverb,
telephone band, level) so the errors look like those on real recordings, decodes with the same modified beam
search as the Java engine (one symbol per frame, beam 4, hypotheses with equal tokens merged), and appends JSON
lines {"ref", "nbest": [[text, log_prob], ...], "voice", "shard"} to OUT. Shards already in OUT are skipped, so
the script can be restarted and can follow a folder that is still being filled (--follow).
"""
import argparse
import glob
import json
import os
import time

import numpy as np
import sentencepiece as spm
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from training.asr.data import Pool, augment
from training.asr.features import LogMel
from training.asr.model import Config, HybridAsr


@torch.no_grad()
def beam_search(model, enc, lengths, beam=4):
    """Batched modified beam search. enc (B,T,d). Returns per utterance a list of (token ids, log prob)."""
    blank = model.cfg.vocab_size
    dev = enc.device
    b = enc.shape[0]
    enc_p = model.joint.enc(enc)
    y = torch.full((1, 1), blank, dtype=torch.long, device=dev)
    p0, (h0, c0) = model.predictor(y)
    # a hypothesis: (tokens tuple, log prob, predictor output (H), h (L,H), c (L,H))
    beams = [[((), 0.0, p0[0, 0], h0[:, 0], c0[:, 0])] for _ in range(b)]
    for t in range(enc.shape[1]):
        flat = [(u, hyp) for u in range(b) if lengths[u] > t for hyp in beams[u]]
        if not flat:
            break
        e = enc_p[[u for u, _ in flat], t]
        pr = torch.stack([hyp[2] for _, hyp in flat])
        lp = model.joint.out(torch.relu(e + model.joint.pred(pr))).log_softmax(-1)
        top_v, top_i = lp.topk(min(beam + 1, lp.shape[1]), dim=-1)
        blank_lp = lp[:, blank].tolist()
        top_v, top_i = top_v.tolist(), top_i.tolist()
        per_utt = {}
        for n, (u, hyp) in enumerate(flat):
            c = per_utt.setdefault(u, [])
            c.append((hyp[1] + blank_lp[n], hyp, blank))
            for v, i in zip(top_v[n], top_i[n]):
                if i != blank:
                    c.append((hyp[1] + v, hyp, i))
        advance = []
        for u, cands in per_utt.items():
            cands.sort(key=lambda x: -x[0])
            kept = {}
            for score, hyp, tok in cands:
                key = hyp[0] if tok == blank else hyp[0] + (tok,)
                if key in kept:
                    k = kept[key]
                    kept[key] = [k[0], float(np.logaddexp(k[1], score)), k[2], k[3], k[4], k[5]]
                    continue
                if len(kept) >= beam:
                    continue
                kept[key] = [key, score, hyp[2], hyp[3], hyp[4], tok != blank]
            beams[u] = kept
            advance += [(u, key) for key, k in kept.items() if k[5]]
        if advance:
            toks = torch.tensor([[beams[u][key][0][-1]] for u, key in advance], device=dev)
            hs = torch.stack([beams[u][key][3] for u, key in advance], dim=1)
            cs = torch.stack([beams[u][key][4] for u, key in advance], dim=1)
            out, (hn, cn) = model.predictor(toks, (hs.contiguous(), cs.contiguous()))
            for n, (u, key) in enumerate(advance):
                k = beams[u][key]
                beams[u][key] = [k[0], k[1], out[n, 0], hn[:, n], cn[:, n], False]
        for u in per_utt:
            beams[u] = sorted((tuple(k[:5]) for k in beams[u].values()), key=lambda h: -h[1])
    return [[(list(h[0]), h[1]) for h in bu] for bu in beams]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--asr", required=True, help="weights.pt of the house ASR")
    ap.add_argument("--shards", required=True)
    ap.add_argument("--real", required=True, help="folder with noise.npy (the ASR recipe's real data)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "..", "asr", "tokenizer", "bpe256.model"))
    ap.add_argument("--follow", action="store_true", help="keep waiting for new shards until DONE.json appears")
    ap.add_argument("--clean-fraction", type=float, default=0.3)
    ap.add_argument("--batch", type=int, default=48)
    ap.add_argument("--chunk", type=int, default=8)
    ap.add_argument("--part", default="0/1", help="i/n: this process takes every n-th shard (several processes)")
    ap.add_argument("--max-shards", type=int, default=10 ** 6)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()
    dev = torch.device(a.device)
    if dev.type == "cuda":   # several of these share the GPU with training: cap the caching allocator
        torch.cuda.set_per_process_memory_fraction(0.15)
    sp = spm.SentencePieceProcessor(model_file=a.tokenizer)
    w = torch.load(a.asr, map_location="cpu")
    model = HybridAsr(Config(**w["config"])).to(dev).eval()
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in w["model"].items()})
    mel = LogMel(model.cfg.feat_in).to(dev)
    noise = torch.from_numpy(np.load(os.path.join(a.real, "noise.npy")).astype(np.float32) / 32768.0).to(dev)
    done = set()
    gen = torch.Generator(device=dev)
    gen.manual_seed(7)
    n_shards = 0
    part, parts = map(int, a.part.split("/"))
    out = a.out if parts == 1 else f"{a.out}.{part}"
    if os.path.exists(out):
        done = {json.loads(l)["shard"] for l in open(out)}
    while n_shards < a.max_shards:
        todo = [f for f in sorted(glob.glob(os.path.join(a.shards, "shard-*.npz")))
                if not f.endswith(".tmp.npz") and os.path.basename(f) not in done
                and int(os.path.basename(f)[6:-4]) % parts == part]
        if not todo:
            if not a.follow or os.path.exists(os.path.join(a.shards, "DONE.json")):
                break
            time.sleep(10)
            continue
        f = todo[0]
        t0 = time.time()
        d = np.load(f)
        pool = Pool(dev)
        pool.add(d["audio"], d["offsets"], d["texts"], d["voices"], sp)
        lines = []
        for s in range(0, len(pool), a.batch):
            ids = list(range(s, min(len(pool), s + a.batch)))
            auds = [pool.audio(i).float() / 32768.0 for i in ids]
            lens = torch.tensor([len(x) + 4800 for x in auds], device=dev)
            x = torch.zeros(len(ids), int(lens.max()), device=dev)
            for i, au in enumerate(auds):
                x[i, 1600:1600 + len(au)] = au
            if torch.rand(1, generator=gen, device=dev).item() >= a.clean_fraction:
                x = augment(x, lens, gen, noise, strength=1.0)
            feats, flen = mel(x, lens)
            enc, elen = model.encoder(feats, flen, a.chunk)
            for i, hyps in zip(ids, beam_search(model, enc, elen.tolist())):
                nb = [[sp.decode(toks), round(lp, 3)] for toks, lp in hyps if toks]
                if nb:
                    lines.append({"ref": pool.texts[i], "nbest": nb, "voice": pool.voices[i],
                                  "shard": os.path.basename(f)})
        with open(out, "a") as o:
            for line in lines:
                o.write(json.dumps(line) + "\n")
        done.add(os.path.basename(f))
        n_shards += 1
        print(json.dumps({"shard": os.path.basename(f), "pairs": len(lines), "seconds": round(time.time() - t0, 1)}),
              flush=True)


if __name__ == "__main__":
    main()
