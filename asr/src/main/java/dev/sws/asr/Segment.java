package dev.sws.asr;

import java.util.List;

/**
 * A finished utterance (between endpoints): text, time span, words with timestamps, the n-best alternatives
 * (first = the text) and a confidence.
 */
public record Segment(int index, double start, double end, String text, List<Word> words, List<NBestEntry> nbest,
                      double confidence) {
    public Segment {
        words = List.copyOf(words);
        nbest = List.copyOf(nbest);
    }

    public Segment withText(String newText, List<Word> newWords) {
        return new Segment(index, start, end, newText, newWords, nbest, confidence);
    }

    public boolean isEmpty() {
        return text.isBlank();
    }
}
