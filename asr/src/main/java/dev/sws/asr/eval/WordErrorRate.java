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
        int[][] d = table(r, h);
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

    /**
     * For each word of {@code hypothesis}: whether a minimal edit alignment pairs it with an equal word of
     * {@code reference} (ties resolved as {@link #compare} does).
     */
    public static boolean[] kept(String[] reference, String[] hypothesis) {
        int[][] d = table(reference, hypothesis);
        boolean[] kept = new boolean[hypothesis.length];
        int i = reference.length;
        int j = hypothesis.length;
        while (i > 0 && j > 0) {
            boolean same = reference[i - 1].equals(hypothesis[j - 1]);
            if (d[i][j] == d[i - 1][j - 1] + (same ? 0 : 1)) {
                kept[j - 1] = same;
                i--;
                j--;
            } else if (d[i][j] == d[i - 1][j] + 1) {
                i--;
            } else {
                j--;
            }
        }
        return kept;
    }

    /** The edit-distance table of two word lists: {@code d[i][j]} aligns the first i of r with the first j of h. */
    private static int[][] table(String[] r, String[] h) {
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                int sub = d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
                d[i][j] = Math.min(sub, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        return d;
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
