"""Punctuates word streams the way dev.sws.asr.punct.Punctuator does (chunks of 40 words, each read with up to 20
words before and 10 after it) and scores the result: F1 of comma, period and question mark (and their micro
average, "f1"), and casing accuracy per word.
"""
import numpy as np
import torch

from training.punct.model import CLS, CONT_LEFT, CONT_RIGHT, PAD, SEP

CHUNK, LEFT, RIGHT, MAX_PIECES = 40, 20, 10, 126


def windows(n, chunk=CHUNK, left=LEFT, right=RIGHT):
    """(context start, chunk start, chunk end, context end) over n words."""
    out = []
    for c0 in range(0, n, chunk):
        c1 = min(n, c0 + chunk)
        out.append((max(0, c0 - left), c0, c1, min(n, c1 + right)))
    return out


def encode(word_pieces, ctx0, ctx1, n, ended=True):
    """Window ids and the index of each word's first piece (words ctx0..ctx1), pieces capped at MAX_PIECES."""
    ids, first = [CLS if ctx0 == 0 else CONT_LEFT], []
    for w in range(ctx0, ctx1):
        first.append(len(ids))
        ids += word_pieces[w][:8]
    ids.append(SEP if ctx1 == n and ended else CONT_RIGHT)
    return ids, first


def predict(model, streams, dev, batch=256):
    """streams: lists of per-word piece lists -> per stream (punct labels, case labels) as numpy arrays."""
    jobs = []
    for si, wp in enumerate(streams):
        n = len(wp)
        for ctx0, c0, c1, ctx1 in windows(n):
            ids, first = encode(wp, ctx0, ctx1, n)
            jobs.append((si, ctx0, c0, c1, ids, first))
    out = [(np.zeros(len(wp), np.int64), np.zeros(len(wp), np.int64)) for wp in streams]
    with torch.no_grad():
        for b in range(0, len(jobs), batch):
            part = jobs[b:b + batch]
            t = max(len(j[4]) for j in part)
            ids = torch.full((len(part), t), PAD, dtype=torch.long)
            for i, j in enumerate(part):
                ids[i, :len(j[4])] = torch.tensor(j[4])
            ids = ids.to(dev)
            p, c = model(ids, ids == PAD)
            p, c = p.argmax(-1).cpu().numpy(), c.argmax(-1).cpu().numpy()
            for i, (si, ctx0, c0, c1, _, first) in enumerate(part):
                for w in range(c0, c1):
                    k = first[w - ctx0]
                    out[si][0][w], out[si][1][w] = p[i, k], c[i, k]
    return out


def scores(pred_p, true_p, pred_c, true_c):
    m = {}
    tp_all = fp_all = fn_all = 0
    for k, name in ((1, "comma"), (2, "period"), (3, "question")):
        tp = int(((pred_p == k) & (true_p == k)).sum())
        fp = int(((pred_p == k) & (true_p != k)).sum())
        fn = int(((pred_p != k) & (true_p == k)).sum())
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        m[name] = round(2 * tp / max(1, 2 * tp + fp + fn), 4)
    m["f1"] = round(2 * tp_all / max(1, 2 * tp_all + fp_all + fn_all), 4)
    m["case_acc"] = round(float((pred_c == true_c).mean()), 4)
    return m


def evaluate(model, arrays, dev, limit=None):
    ss, ws, pieces = arrays["stream_start"], arrays["word_start"], arrays["pieces"]
    n = len(ss) - 1 if limit is None else min(limit, len(ss) - 1)
    streams = [[pieces[ws[w]:ws[w + 1]].tolist() for w in range(ss[s], ss[s + 1])] for s in range(n)]
    got = predict(model, streams, dev)
    end = ss[n]
    return scores(np.concatenate([g[0] for g in got]), arrays["punct"][:end].astype(np.int64),
                  np.concatenate([g[1] for g in got]), arrays["case"][:end].astype(np.int64))
