"""Greedy CTC and RNN-T decoding and WER, for evaluation during training and after export."""
import torch


def ctc_greedy(log_probs, lengths, blank):
    """log_probs (B,T,V+1) -> list of token-id lists."""
    best = log_probs.argmax(-1).tolist()
    out = []
    for b, seq in enumerate(best):
        prev, ids = blank, []
        for t in range(int(lengths[b])):
            s = seq[t]
            if s != blank and s != prev:
                ids.append(s)
            prev = s
        out.append(ids)
    return out


@torch.no_grad()
def rnnt_greedy(model, enc, lengths, max_symbols=5):
    """enc (B,T,d) -> list of token-id lists (one hypothesis per utterance, batched over B)."""
    blank = model.cfg.vocab_size
    b = enc.shape[0]
    dev = enc.device
    y = torch.full((b, 1), blank, dtype=torch.long, device=dev)
    pred, state = model.predictor(y)
    enc_p = model.joint.enc(enc)
    hyps = [[] for _ in range(b)]
    for t in range(enc.shape[1]):
        active = lengths > t
        for _ in range(max_symbols):
            logits = model.joint.out(torch.relu(enc_p[:, t] + model.joint.pred(pred[:, 0])))
            k = logits.argmax(-1)
            emit = (k != blank) & active
            if not emit.any():
                break
            new_pred, new_state = model.predictor(k.unsqueeze(1).masked_fill(~emit.unsqueeze(1), blank), state)
            m = emit.view(1, b, 1).float()
            state = (new_state[0] * m + state[0] * (1 - m), new_state[1] * m + state[1] * (1 - m))
            pred = torch.where(emit.view(b, 1, 1), new_pred, pred)
            for i in torch.nonzero(emit).flatten().tolist():
                hyps[i].append(int(k[i]))
    return hyps


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def wer(refs, hyps):
    errors = sum(edit_distance(r.split(), h.split()) for r, h in zip(refs, hyps))
    words = sum(len(r.split()) for r in refs)
    return 100.0 * errors / max(1, words), errors, words
