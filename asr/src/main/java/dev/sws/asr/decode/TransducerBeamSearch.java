package dev.sws.asr.decode;

import dev.sws.asr.lm.LmFusion;
import dev.sws.asr.model.TokenTable;
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
    private final LmFusion fusion;     // null = no LM
    private final TokenTable tokens;

    TransducerBeamSearch(TransducerHead head, int blank, int beam, LmFusion fusion, TokenTable tokens) {
        super(head, blank);
        this.beam = beam;
        this.fusion = fusion;
        this.tokens = tokens;
    }

    /** {@code score}: recogniser log-probability; {@code rank}: what the beam keeps by (score + LM). */
    private record Candidate(Hypothesis parent, int token, float tokenLp, double score, double rank,
                             double lm, int prev2, int prev1, int wordStart) {
        static Candidate blank(Hypothesis h, int token, float lp) {
            double score = h.logProb + lp;
            return new Candidate(h, token, lp, score, score + h.lmScore, h.lmScore, h.lmPrev2, h.lmPrev1, h.wordStart);
        }
    }

    private Candidate extension(Hypothesis h, int v, float lp) {
        double score = h.logProb + lp;
        if (fusion == null || !tokens.startsWord(v) || h.wordStart >= h.tokens.length) {  // no word completed
            return new Candidate(h, v, lp, score, score + h.lmScore, h.lmScore, h.lmPrev2, h.lmPrev1, h.wordStart);
        }
        String word = tokens.text(h.tokens, h.wordStart, h.tokens.length).strip();
        if (word.isEmpty()) {   // only special pieces (<unk>): nothing to score
            return new Candidate(h, v, lp, score, score + h.lmScore, h.lmScore, h.lmPrev2, h.lmPrev1, h.tokens.length);
        }
        double lm = h.lmScore + fusion.wordScore(h.lmPrev2, prev1(h), word);
        return new Candidate(h, v, lp, score, score + lm, lm, prev1(h), fusion.lm().wordId(word), h.tokens.length);
    }

    /** The word before the open one: {@code <s>} at the start of a segment. */
    private int prev1(Hypothesis h) {
        return h.lmPrev1 == LmFusion.NO_WORD ? fusion.lm().sentenceStart() : h.lmPrev1;
    }

    /** The hypothesis a kept extension becomes (its prediction-network state is set by the batched decoder call). */
    private static Hypothesis child(Candidate c, int frame, int blank) {
        Hypothesis p = c.parent();
        Hypothesis h = c.token() == blank
                ? new Hypothesis(p.tokens, p.frames, p.tokenLogProbs, c.score()).withState(p.decOut, p.h, p.c)
                : p.extend(c.token(), frame, c.tokenLp(), c.score());
        return h.withLm(c.lm(), c.prev2(), c.prev1(), c.wordStart());
    }

    /** {@code h} extended by the non-blank {@code token} with log-probability {@code lp} (for tests). */
    Hypothesis extendForTest(Hypothesis h, int token, float lp) {
        return child(extension(h, token, lp), h.tokens.length, blank);
    }

    /** With fusion, the final ranking also scores the open word and the sentence end. */
    @Override
    public List<Hypothesis> nbest(SearchState state) {
        if (fusion == null) {
            return List.copyOf(state.beam);
        }
        List<Hypothesis> out = new ArrayList<>(state.beam);
        Map<Hypothesis, Double> fin = new java.util.IdentityHashMap<>();
        out.forEach(h -> fin.put(h, finalScore(h)));
        out.sort(Comparator.comparingDouble((Hypothesis h) -> fin.get(h)).reversed());
        return List.copyOf(out);
    }

    /** Recogniser + fused LM score of {@code h} as a finished sentence: its open word and {@code </s>} included. */
    double finalScore(Hypothesis h) {
        if (fusion == null) {
            return h.logProb;
        }
        double lm = h.lmScore;
        int p2 = h.lmPrev2;
        int p1 = prev1(h);
        String word = h.wordStart < h.tokens.length ? tokens.text(h.tokens, h.wordStart, h.tokens.length).strip() : "";
        if (!word.isEmpty()) {
            lm += fusion.wordScore(p2, p1, word);
            p2 = p1;
            p1 = fusion.lm().wordId(word);
        }
        return h.logProb + lm + fusion.endScore(p2, p1);
    }

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
                cands.add(Candidate.blank(h, blank, lp[i][blank]));
                for (int v : CtcPrefixBeamSearch.topK(lp[i], Math.min(lp[i].length, beam + 1))) {
                    if (v != blank) {
                        cands.add(extension(h, v, lp[i][v]));
                    }
                }
            }
            cands.sort(Comparator.comparingDouble(Candidate::rank).reversed());
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
                Hypothesis h = child(c, t, blank);
                if (c.token() != blank) {
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
            next.sort(Comparator.comparingDouble(Hypothesis::rankScore).reversed());
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
