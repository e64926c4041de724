package dev.sws.asr.lm;

import java.util.Objects;

/**
 * Shallow fusion of a word n-gram into transducer beam search: when a hypothesis completes a word (the next piece
 * starts one, or the segment ends), its ranking score gains {@code weight × ln P(word | two words before) +
 * wordBonus}; the segment's end adds {@code weight × ln P(</s> | …)}. Hypotheses keep their recogniser
 * log-probability apart ({@link dev.sws.asr.decode.Hypothesis#logProb()}), so n-best scores stay acoustic.
 *
 * @param lm        the word n-gram (an ARPA trigram: the corrector's {@code ngram.arpa.gz} or a user's)
 * @param weight    LM weight (natural logs), 0 = off
 * @param wordBonus added per completed word; offsets the LM's cost per word, so fusion does not favour short outputs
 */
public record LmFusion(NgramLm lm, double weight, double wordBonus) {

    public static final int NO_WORD = Integer.MIN_VALUE;

    public LmFusion {
        Objects.requireNonNull(lm, "lm");
        if (!(weight >= 0 && weight <= 10) || !Double.isFinite(wordBonus) || Math.abs(wordBonus) > 20) {
            throw new IllegalArgumentException("LM fusion needs a weight in 0..10 and a word bonus in -20..20 (got "
                    + weight + ", " + wordBonus + ")");
        }
    }

    /** Weighted score of {@code word} completed after the hypothesis' two previous words. */
    public double wordScore(int prev2, int prev1, String word) {
        return weight * lm.next(prev2, prev1, lm.wordId(word)) + wordBonus;
    }

    public double endScore(int prev2, int prev1) {
        return weight * lm.next(prev2, prev1, lm.sentenceEnd());
    }
}
