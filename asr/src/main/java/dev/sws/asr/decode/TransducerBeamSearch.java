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
                ? p.sameTokens(c.score()).withState(p.decOut, p.h, p.c)
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

    /**
     * Frame by frame over all streams at once: one joiner call scores every hypothesis of every stream that has the
     * frame, each stream keeps its own best extensions as alone, and one decoder call advances the extended
     * hypotheses of all of them.
     */
    @Override
    public void decode(List<SearchState> states, List<float[][]> frames) {
        int longest = longest(frames);
        for (int f = 0; f < longest; f++) {
            List<SearchState> active = new ArrayList<>();
            List<float[]> encOf = new ArrayList<>();
            at(f, states, frames, active, encOf);
            int rows = 0;
            for (SearchState s : active) {
                rows += s.beam.size();
            }
            float[][] encs = new float[rows][];
            float[][] decs = new float[rows][];
            int r = 0;
            for (int a = 0; a < active.size(); a++) {
                for (Hypothesis h : active.get(a).beam) {
                    encs[r] = encOf.get(a);
                    decs[r++] = h.decOut;
                }
            }
            float[][] lp = head.join(encs, decs);
            List<Hypothesis> toAdvance = new ArrayList<>();
            List<Integer> advanceTokens = new ArrayList<>();
            List<Hypothesis> advanceParents = new ArrayList<>();
            List<List<Hypothesis>> kept = new ArrayList<>();
            r = 0;
            for (SearchState s : active) {
                int t = s.frames++;
                kept.add(select(s.beam, lp, r, t, toAdvance, advanceTokens, advanceParents));
                r += s.beam.size();
            }
            advance(toAdvance, advanceTokens, advanceParents);
            for (int a = 0; a < active.size(); a++) {
                SearchState s = active.get(a);
                List<Hypothesis> next = kept.get(a);
                next.sort(Comparator.comparingDouble(Hypothesis::rankScore).reversed());
                s.beam = next;
                s.updateTrailing(s.frames - 1);
            }
        }
    }

    /**
     * One stream's step at frame {@code t}: its hypotheses' log-probabilities are rows {@code first..} of {@code lp};
     * returns the kept hypotheses and adds the extended ones (whose prediction network must advance) to the lists.
     */
    private List<Hypothesis> select(List<Hypothesis> hyps, float[][] lp, int first, int t, List<Hypothesis> toAdvance,
                                    List<Integer> advanceTokens, List<Hypothesis> advanceParents) {
        List<Candidate> cands = new ArrayList<>();
        for (int i = 0; i < hyps.size(); i++) {
            Hypothesis h = hyps.get(i);
            float[] row = lp[first + i];
            cands.add(Candidate.blank(h, blank, row[blank]));
            for (int v : CtcPrefixBeamSearch.topK(row, Math.min(row.length, beam + 1))) {
                if (v != blank) {
                    cands.add(extension(h, v, row[v]));
                }
            }
        }
        cands.sort(Comparator.comparingDouble(Candidate::rank).reversed());
        Map<Hypothesis.SeqKey, Hypothesis> kept = new LinkedHashMap<>();
        for (Candidate c : cands) {
            Hypothesis.SeqKey key = c.token() == blank ? c.parent().key() : c.parent().keyWith(c.token());
            if (kept.size() >= beam && !kept.containsKey(key)) {
                continue;
            }
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
        return new ArrayList<>(kept.values());
    }
}
