"""Checks rnnt_loss against a brute-force dynamic programme and torch's numerical gradient."""
import itertools
import math

import torch

from training.asr.rnnt_loss import rnnt_loss


def brute(logits, target, T, U, blank):
    lp = logits.log_softmax(-1)
    alpha = [[-math.inf] * (U + 1) for _ in range(T)]
    alpha[0][0] = 0.0
    for t in range(T):
        for u in range(U + 1):
            if t == 0 and u == 0:
                continue
            a = -math.inf
            if t > 0:
                a = alpha[t - 1][u] + lp[t - 1, u, blank].item()
            if u > 0:
                b = alpha[t][u - 1] + lp[t, u - 1, target[u - 1]].item()
                a = b if a == -math.inf else max(a, b) + math.log1p(math.exp(-abs(a - b)))
            alpha[t][u] = a
    return -(alpha[T - 1][U] + lp[T - 1, U, blank].item())


def main():
    torch.manual_seed(0)
    B, T, U, V = 3, 7, 4, 6
    logits = torch.randn(B, T, U + 1, V, dtype=torch.float64)
    targets = torch.randint(0, V - 1, (B, U))
    tl = torch.tensor([7, 5, 6])
    ul = torch.tensor([4, 2, 3])
    got = rnnt_loss(logits, targets, tl, ul, blank=V - 1, reduction=None)
    for i in range(B):
        ref = brute(logits[i], targets[i].tolist(), tl[i].item(), ul[i].item(), V - 1)
        assert abs(got[i].item() - ref) < 1e-6, (i, got[i].item(), ref)
    x = torch.randn(2, 4, 3, 5, dtype=torch.float64, requires_grad=True)
    f = lambda z: rnnt_loss(z, torch.tensor([[1, 2], [3, 0]]), torch.tensor([4, 3]), torch.tensor([2, 1]), 4)
    assert torch.autograd.gradcheck(f, (x,))
    print("rnnt_loss OK", got.tolist())


if __name__ == "__main__":
    main()
