package dev.sws.asr.decode;

import dev.sws.asr.model.TransducerHead;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Modified beam search (k2/sherpa-onnx): at most one token per hypothesis and frame; each frame scores all
 * hypotheses with one batched joiner call, keeps the best {@code beam} extensions (merging hypotheses with the
 * same tokens), and advances the prediction network of the extended ones with one batched decoder call.
 */
final class TransducerBeamSearch extends TransducerSearch {
    private final int beam;

    TransducerBeamSearch(TransducerHead head, int blank, int beam) {
        super(head, blank);
        this.beam = beam;
    }

    private record Candidate(Hypothesis parent, int token, float tokenLp, double score) {}

    @Override
    public void decode(SearchState s, float[][] frames) {
        for (float[] enc : frames) {
            int t = s.frames++;
            List<Hypothesis> hyps = s.beam;
            int n = hyps.size();
            float[][] encs = new float[n][];
            float[][] decs = new float[n][];
            for (int i = 0; i < n; i++) {
                encs[i] = enc;
                decs[i] = hyps.get(i).decOut;
            }
            float[][] lp = head.join(encs, decs);
            List<Candidate> cands = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Hypothesis h = hyps.get(i);
                cands.add(new Candidate(h, blank, lp[i][blank], h.logProb + lp[i][blank]));
                for (int v : CtcPrefixBeamSearch.topK(lp[i], Math.min(lp[i].length, beam + 1))) {
                    if (v != blank) {
                        cands.add(new Candidate(h, v, lp[i][v], h.logProb + lp[i][v]));
                    }
                }
            }
            cands.sort(Comparator.comparingDouble(Candidate::score).reversed());
            Map<String, Hypothesis> kept = new LinkedHashMap<>();
            List<Hypothesis> toAdvance = new ArrayList<>();
            List<Integer> advanceTokens = new ArrayList<>();
            List<Hypothesis> advanceParents = new ArrayList<>();
            for (Candidate c : cands) {
                if (kept.size() >= beam && !kept.containsKey(keyOf(c))) {
                    continue;
                }
                String key = keyOf(c);
                Hypothesis existing = kept.get(key);
                if (existing != null) {
                    existing.logProb = Hypothesis.logAdd(existing.logProb, c.score());
                    continue;
                }
                Hypothesis h;
                if (c.token() == blank) {
                    h = new Hypothesis(c.parent().tokens, c.parent().frames, c.parent().tokenLogProbs, c.score())
                            .withState(c.parent().decOut, c.parent().h, c.parent().c);
                } else {
                    h = c.parent().extend(c.token(), t, c.tokenLp(), c.score());
                    toAdvance.add(h);
                    advanceTokens.add(c.token());
                    advanceParents.add(c.parent());
                }
                kept.put(key, h);
            }
            if (!toAdvance.isEmpty()) {
                int m = toAdvance.size();
                int[] toks = new int[m];
                float[][] hs = new float[m][];
                float[][] cs = new float[m][];
                for (int i = 0; i < m; i++) {
                    toks[i] = advanceTokens.get(i);
                    hs[i] = advanceParents.get(i).h;
                    cs[i] = advanceParents.get(i).c;
                }
                TransducerHead.DecoderOut d = head.decode(toks, hs, cs);
                for (int i = 0; i < m; i++) {
                    toAdvance.get(i).withState(d.out()[i], d.h()[i], d.c()[i]);
                }
            }
            List<Hypothesis> next = new ArrayList<>(kept.values());
            next.sort(Comparator.comparingDouble((Hypothesis h) -> h.logProb).reversed());
            s.beam = next;
            s.updateTrailing(t);
        }
    }

    private String keyOf(Candidate c) {
        if (c.token() == blank) {
            return c.parent().key();
        }
        int[] a = java.util.Arrays.copyOf(c.parent().tokens, c.parent().tokens.length + 1);
        a[a.length - 1] = c.token();
        return java.util.Arrays.toString(a);
    }
}
