package dev.sws.tts;

import dev.sws.core.text.TextNormalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a transcript written for all of a voice's clips to the part of them that a trimmed reference keeps (a reference
 * holds at most {@link ReferenceBuilder#MAX_SECONDS}). A transcript that runs past its audio makes the cloned voice
 * mumble or skip words, so the words the kept audio no longer says must go.
 */
public final class TranscriptFit {

    private TranscriptFit() {
    }

    /**
     * The first words of {@code transcript} (kept as written) that best match {@code heard}, what a recogniser heard in
     * the kept audio: the prefix, ending at a word of the transcript, with the fewest word edits to {@code heard} (a
     * substitution weighed by the letters that differ); of equally close ones the longest. Recognition errors inside the
     * kept part cost every prefix alike, so they do not move the cut. Returns {@code transcript} itself when all of it
     * fits or nothing was heard.
     */
    public static String keptPrefix(String transcript, String heard) {
        String[] tokens = transcript.trim().split("\\s+");
        String normHeard = TextNormalizer.normalize(heard);
        if (transcript.isBlank() || normHeard.isEmpty()) {
            return transcript;
        }
        String[] h = normHeard.split(" ");
        List<String> words = new ArrayList<>();
        int[] tokenEnd = new int[tokens.length];       // words of the transcript up to and including token t
        for (int t = 0; t < tokens.length; t++) {
            String norm = TextNormalizer.normalize(tokens[t]);
            if (!norm.isEmpty()) {
                words.addAll(List.of(norm.split(" ")));
            }
            tokenEnd[t] = words.size();
        }
        // row i: distance of the first i transcript words to every prefix of what was heard (the last column: to all of
        // it); a substitution costs the share of letters that differ, so a misheard word near the cut ("again" heard as
        // "a game") stays closer to its own word than to the next one
        double[] row = new double[h.length + 1];
        for (int j = 0; j <= h.length; j++) {
            row[j] = j;
        }
        double[] distanceAfter = new double[words.size() + 1];
        distanceAfter[0] = h.length;
        for (int i = 1; i <= words.size(); i++) {
            double diag = row[0];
            row[0] = i;
            for (int j = 1; j <= h.length; j++) {
                double up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diag + letterDistance(words.get(i - 1), h[j - 1]));
                diag = up;
            }
            distanceAfter[i] = row[h.length];
        }
        int bestToken = tokens.length - 1;
        double best = distanceAfter[tokenEnd[bestToken]];
        for (int t = tokens.length - 2; t >= 0; t--) {
            if (tokenEnd[t] > 0 && distanceAfter[tokenEnd[t]] < best - 1e-9) {
                best = distanceAfter[tokenEnd[t]];
                bestToken = t;
            }
        }
        return bestToken == tokens.length - 1 ? transcript : String.join(" ", java.util.Arrays.copyOf(tokens, bestToken + 1));
    }

    /** Share of letters to edit to turn one word into the other: 0 for equal words, 1 for words with nothing alike. */
    static double letterDistance(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int[] d = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            d[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diag = d[0];
            d[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = d[j];
                d[j] = Math.min(Math.min(d[j] + 1, d[j - 1] + 1), diag + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diag = up;
            }
        }
        return d[b.length()] / (double) Math.max(a.length(), b.length());
    }
}
