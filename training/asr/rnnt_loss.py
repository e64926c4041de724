"""RNN-T loss in plain PyTorch (autograd), vectorised over batch and label positions.

For each frame t the label dimension is a linear recurrence in the log semiring, solved with logcumsumexp:
  alpha[t, u] = logaddexp(alpha[t-1, u] + blank[t-1, u], alpha[t, u-1] + y[t, u-1])
             = c[t, u] + logcumsumexp_k(alpha[t-1, k] + blank[t-1, k] - c[t, k]),  c[t, u] = sum_{j<u} y[t, j]
so the loop runs over T only. Cross-checked against a brute-force implementation in test_rnnt_loss.py.
"""
import torch

NEG = -1.0e4  # finite "minus infinity" keeps gradients free of NaN


def rnnt_loss(logits, targets, logit_lengths, target_lengths, blank, reduction="mean"):
    """logits (B,T,U+1,V+1) float32, targets (B,U) int64 -> loss (scalar, or (B,) with reduction=None)."""
    lp = (logits if logits.dtype == torch.float64 else logits.float()).log_softmax(-1)
    b, t_max, u1, _ = lp.shape
    blank_lp = lp[..., blank]  # (B, T, U+1)
    if u1 > 1:
        y_lp = lp[:, :, :-1, :].gather(-1, targets[:, None, :u1 - 1, None].expand(b, t_max, u1 - 1, 1)).squeeze(-1)
    else:
        y_lp = lp.new_zeros(b, t_max, 0)
    c = torch.cat([lp.new_zeros(b, t_max, 1), torch.cumsum(y_lp, dim=2)], dim=2)  # (B, T, U+1)
    alphas = []
    prev = torch.full((b, u1), NEG, device=lp.device, dtype=lp.dtype)
    prev_in = torch.cat([lp.new_zeros(b, 1), prev[:, 1:]], dim=1)  # entry point: alpha[0,0] = 0
    for t in range(t_max):
        if t > 0:
            prev_in = alphas[-1] + blank_lp[:, t - 1, :]
        a = c[:, t, :] + torch.logcumsumexp(prev_in - c[:, t, :], dim=1)
        alphas.append(a)
    alpha = torch.stack(alphas, dim=1)  # (B, T, U+1)
    bi = torch.arange(b, device=lp.device)
    tl = (logit_lengths - 1).clamp(min=0)
    ll = alpha[bi, tl, target_lengths] + blank_lp[bi, tl, target_lengths]
    loss = -ll
    if reduction == "mean":
        return (loss / target_lengths.clamp(min=1)).mean()
    if reduction == "sum":
        return loss.sum()
    return loss
