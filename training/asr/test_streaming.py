"""Streaming step-by-step output must equal the offline forward (same chunk size) for random weights."""
import torch

from training.asr.model import Config, HybridAsr


def stream(enc, feats, chunk):
    cfg = enc.cfg
    b, t, f = feats.shape
    window = cfg.pre_encode + cfg.subsampling * chunk
    shift = cfg.subsampling * chunk
    ch = torch.zeros(b, cfg.n_layers, cfg.left_context, cfg.d_model)
    tt = torch.zeros(b, cfg.n_layers, cfg.d_model, cfg.conv_kernel - 1)
    ln = torch.zeros(b, dtype=torch.int64)
    outs = []
    start = 0
    while start + window <= t:
        y, ch, tt, ln = enc.step(feats[:, start:start + window], ch, tt, ln)
        outs.append(y)
        start += shift
    return torch.cat(outs, 1)


def main():
    torch.manual_seed(0)
    for factor, chunk in ((8, 1), (8, 2), (8, 4), (4, 1), (4, 4)):
      cfg = Config(d_model=64, n_layers=3, n_heads=4, sub_channels=32, left_context=12, max_chunk=4, vocab_size=30,
                   pred_hidden=48, joint_hidden=40, dropout=0.0, subsampling=factor)
      torch.manual_seed(factor)
      m = HybridAsr(cfg).eval()
      if True:
        n_chunks = 11
        t = cfg.pre_encode + cfg.subsampling * chunk * n_chunks
        feats = torch.randn(2, t, cfg.feat_in)
        with torch.no_grad():
            off, lens = m.encoder(feats, torch.tensor([t, t]), chunk)
            st = stream(m.encoder, feats, chunk)
        n = st.shape[1]
        diff = (off[:, :n] - st).abs().max().item()
        print(f"x{factor} chunk {chunk}: offline {tuple(off.shape)} stream {tuple(st.shape)} max|diff| {diff:.2e}")
        assert diff < 1e-4, diff
    print("streaming == offline OK; params", m.num_params())


if __name__ == "__main__":
    main()
