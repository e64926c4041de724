package dev.sws.asr.decode;

import dev.sws.asr.lm.LmFusion;
import java.util.Arrays;

/**
 * One search hypothesis: emitted tokens with their encoder frame and log-probability, the total score, and the
 * transducer prediction-network state (unused for CTC). Extending copies, so beams can share parents safely.
 */
public final class Hypothesis {

    final int[] tokens;
    final long tokensHash;   // SeqKey's hash of tokens, carried from parent to child instead of recomputed
    final int[] frames;
    final float[] tokenLogProbs;
    double logProb;
    // transducer state
    float[] decOut;
    float[] h;
    float[] c;
    // CTC prefix search: log-probabilities of the prefix ending in blank / in its last token
    double pBlank = Double.NEGATIVE_INFINITY;
    double pNonBlank = Double.NEGATIVE_INFINITY;
    // shallow fusion (LmFusion): weighted LM score of the completed words, the ids of the last two, and the index of
    // the token that opens the word still being spelt
    double lmScore;
    int lmPrev2 = LmFusion.NO_WORD;
    int lmPrev1 = LmFusion.NO_WORD;
    int wordStart;

    Hypothesis(int[] tokens, int[] frames, float[] tokenLogProbs, double logProb) {
        this(tokens, SeqKey.hash(tokens), frames, tokenLogProbs, logProb);
    }

    private Hypothesis(int[] tokens, long tokensHash, int[] frames, float[] tokenLogProbs, double logProb) {
        this.tokens = tokens;
        this.tokensHash = tokensHash;
        this.frames = frames;
        this.tokenLogProbs = tokenLogProbs;
        this.logProb = logProb;
    }

    /** The same tokens with another score (a blank step): the arrays are shared, never modified. */
    Hypothesis sameTokens(double newLogProb) {
        return new Hypothesis(tokens, tokensHash, frames, tokenLogProbs, newLogProb);
    }

    static Hypothesis empty() {
        return new Hypothesis(new int[0], new int[0], new float[0], 0);
    }

    Hypothesis extend(int token, int frame, float tokenLogProb, double newLogProb) {
        int n = tokens.length;
        int[] t = Arrays.copyOf(tokens, n + 1);
        int[] f = Arrays.copyOf(frames, n + 1);
        float[] l = Arrays.copyOf(tokenLogProbs, n + 1);
        t[n] = token;
        f[n] = frame;
        l[n] = tokenLogProb;
        return new Hypothesis(t, SeqKey.extend(tokensHash, token), f, l, newLogProb).withLm(lmScore, lmPrev2, lmPrev1, wordStart);
    }

    Hypothesis withLm(double score, int prev2, int prev1, int start) {
        this.lmScore = score;
        this.lmPrev2 = prev2;
        this.lmPrev1 = prev1;
        this.wordStart = start;
        return this;
    }

    /** The score beam search ranks by: recogniser log-probability plus the fused LM's, when there is one. */
    double rankScore() {
        return logProb + lmScore;
    }

    Hypothesis withState(float[] out, float[] nh, float[] nc) {
        this.decOut = out;
        this.h = nh;
        this.c = nc;
        return this;
    }

    public int[] tokens() {
        return tokens.clone();
    }

    /** Encoder frame (within the segment) at which each token was emitted. */
    public int[] frames() {
        return frames.clone();
    }

    public float[] tokenLogProbs() {
        return tokenLogProbs.clone();
    }

    public double logProb() {
        return logProb;
    }

    public int lastToken(int fallback) {
        return tokens.length == 0 ? fallback : tokens[tokens.length - 1];
    }

    /** What hypotheses with the same tokens share (beam searches merge them). */
    SeqKey key() {
        return new SeqKey(tokensHash, tokens, SeqKey.NONE);
    }

    /** The key of these tokens followed by {@code token}, without making the longer array. */
    SeqKey keyWith(int token) {
        return new SeqKey(SeqKey.extend(tokensHash, token), tokens, token);
    }

    /**
     * A token sequence as a map key: {@code base} and, unless {@link #NONE}, one more token. Equal keys have equal
     * tokens; the 64-bit polynomial hash makes comparing them cheap, and the tokens are compared only when it matches.
     */
    static final class SeqKey {
        static final int NONE = -1;
        private static final long PRIME = 1_000_003L;
        private final long hash;
        private final int[] base;
        private final int last;

        SeqKey(long hash, int[] base, int last) {
            this.hash = hash;
            this.base = base;
            this.last = last;
        }

        static long hash(int[] tokens) {
            long h = 1;
            for (int t : tokens) {
                h = extend(h, t);
            }
            return h;
        }

        static long extend(long hash, int token) {
            return hash * PRIME + token + 1;
        }

        private int length() {
            return base.length + (last == NONE ? 0 : 1);
        }

        private int at(int i) {
            return i < base.length ? base[i] : last;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SeqKey k) || k.hash != hash || k.length() != length()) {
                return false;
            }
            if (k.base == base) {
                return k.last == last;
            }
            for (int i = 0, n = length(); i < n; i++) {
                if (k.at(i) != at(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(hash);
        }
    }

    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }
}
