package dev.sws.asr;

/**
 * A recognised word with its time span (seconds from the start of the audio) and confidence in [0,1]
 * (geometric mean of its tokens' probabilities).
 */
public record Word(String text, double start, double end, double confidence) {

    /**
     * How long before its {@code start} a word may begin. The streaming recogniser stamps a word when it emits it:
     * measured on allison-dev and 100 fsdd-dev files, first words are stamped 0.25 s after the speech's
     * onset (median; at most 0.48 s), while ends are 0.04-0.08 s early. Playback from a word and subtitle cues start
     * this much earlier, so that the word is heard whole.
     */
    public static final double STAMP_LEAD = 0.5;

    /** Where to play from to hear this word from its beginning. */
    public double heardFrom() {
        return Math.max(0, start - STAMP_LEAD);
    }
}
