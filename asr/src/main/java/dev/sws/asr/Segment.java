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

    /**
     * Its words when they spell its text word for word; else (a text edited, or read from a file that kept no word
     * times) the text's words with times interpolated by character position over the segment, at the segment's
     * confidence. None for a blank text.
     */
    public List<Word> timedWords() {
        if (text.isBlank()) {
            return List.of();
        }
        String[] tokens = text.strip().split("\\s+");
        boolean match = words.size() == tokens.length;
        for (int i = 0; match && i < tokens.length; i++) {
            match = words.get(i).text().equals(tokens[i]);
        }
        if (match) {
            return words;
        }
        int total = text.strip().length();
        List<Word> out = new java.util.ArrayList<>(tokens.length);
        int pos = 0;
        for (String t : tokens) {
            double a = start + (end - start) * pos / Math.max(1, total);
            pos += t.length() + 1;
            double b = start + (end - start) * Math.min(total, pos - 1) / Math.max(1, total);
            out.add(new Word(t, a, b, confidence));
        }
        return out;
    }
}
