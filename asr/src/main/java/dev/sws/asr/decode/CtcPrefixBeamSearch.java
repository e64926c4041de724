package dev.sws.asr.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search, incremental across chunks: keeps {@code beam} prefixes with separate blank/non-blank
 * path probabilities, expanding only the most likely tokens of each frame. Yields an n-best list.
 */
final class CtcPrefixBeamSearch implements Searcher {
    private final int blank;
    private final int beam;

    CtcPrefixBeamSearch(int blank, int beam) {
        this.blank = blank;
        this.beam = beam;
    }

    @Override
    public SearchState init() {
        SearchState s = new SearchState();
        Hypothesis h = Hypothesis.empty();
        h.pBlank = 0;
        s.beam.add(h);
        return s;
    }

    @Override
    public void decode(SearchState s, float[][] frames) {
        for (float[] lp : frames) {
            int t = s.frames++;
            int[] cands = topK(lp, Math.min(lp.length, beam + 4));
            Map<Hypothesis.SeqKey, Hypothesis> next = new HashMap<>();
            for (Hypothesis p : s.beam) {
                double total = Hypothesis.logAdd(p.pBlank, p.pNonBlank);
                Hypothesis same = next.computeIfAbsent(p.key(), k -> copy(p));
                same.pBlank = Hypothesis.logAdd(same.pBlank, total + lp[blank]);
                int last = p.lastToken(-1);
                for (int v : cands) {
                    if (v == blank) {
                        continue;
                    }
                    if (v == last) {
                        same.pNonBlank = Hypothesis.logAdd(same.pNonBlank, p.pNonBlank + lp[v]);
                        extend(next, p, v, t, lp[v], p.pBlank + lp[v]);
                    } else {
                        extend(next, p, v, t, lp[v], total + lp[v]);
                    }
                }
            }
            List<Hypothesis> all = new ArrayList<>(next.values());
            for (Hypothesis h : all) {
                h.logProb = Hypothesis.logAdd(h.pBlank, h.pNonBlank);
            }
            all.sort(Comparator.comparingDouble((Hypothesis h) -> h.logProb).reversed());
            s.beam = new ArrayList<>(all.subList(0, Math.min(beam, all.size())));
            s.updateTrailing(t);
        }
    }

    private static Hypothesis copy(Hypothesis p) {
        Hypothesis c = p.sameTokens(p.logProb);
        c.pBlank = Double.NEGATIVE_INFINITY;
        c.pNonBlank = Double.NEGATIVE_INFINITY;
        return c;
    }

    private static void extend(Map<Hypothesis.SeqKey, Hypothesis> next, Hypothesis p, int v, int t, float tokenLp, double score) {
        Hypothesis e = p.extend(v, t, tokenLp, score);
        e.pBlank = Double.NEGATIVE_INFINITY;
        e.pNonBlank = Double.NEGATIVE_INFINITY;
        Hypothesis existing = next.putIfAbsent(e.key(), e);
        Hypothesis target = existing == null ? e : existing;
        target.pNonBlank = Hypothesis.logAdd(target.pNonBlank, score);
    }

    static int[] topK(float[] x, int k) {
        int[] idx = new int[k];
        float[] val = new float[k];
        java.util.Arrays.fill(val, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (v <= val[k - 1]) {
                continue;
            }
            int j = k - 1;
            while (j > 0 && val[j - 1] < v) {
                val[j] = val[j - 1];
                idx[j] = idx[j - 1];
                j--;
            }
            val[j] = v;
            idx[j] = i;
        }
        return idx;
    }
}
