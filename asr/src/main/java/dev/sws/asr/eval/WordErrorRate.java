package dev.sws.asr.eval;

import java.util.Arrays;

/** Word-level Levenshtein alignment: substitutions, deletions and insertions against a reference. */
public final class WordErrorRate {

    /** Error counts of one hypothesis against one reference. */
    public record Counts(int substitutions, int deletions, int insertions, int referenceWords) {
        public int errors() {
            return substitutions + deletions + insertions;
        }

        public Counts plus(Counts o) {
            return new Counts(substitutions + o.substitutions, deletions + o.deletions, insertions + o.insertions,
                    referenceWords + o.referenceWords);
        }

        /** WER in percent (0 for an empty reference with no insertions). */
        public double percent() {
            return referenceWords == 0 ? (errors() == 0 ? 0 : 100) : 100.0 * errors() / referenceWords;
        }

        public static Counts zero() {
            return new Counts(0, 0, 0, 0);
        }
    }

    private WordErrorRate() {
    }

    public static Counts compare(String reference, String hypothesis) {
        String[] r = split(reference);
        String[] h = split(hypothesis);
        int[][] d = dev.sws.asr.WordAlignment.table(r, h);
        int s = 0;
        int del = 0;
        int ins = 0;
        int i = r.length;
        int j = h.length;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1)) {
                if (!r[i - 1].equals(h[j - 1])) {
                    s++;
                }
                i--;
                j--;
            } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
                del++;
                i--;
            } else {
                ins++;
                j--;
            }
        }
        return new Counts(s, del, ins, r.length);
    }

    /** Word-level edit distance between two texts. */
    public static int distance(String a, String b) {
        return compare(a, b).errors();
    }

    private static String[] split(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : Arrays.stream(t.split("\\s+")).toArray(String[]::new);
    }
}
