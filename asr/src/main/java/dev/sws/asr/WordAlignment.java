package dev.sws.asr;

/** Minimal edit alignment of word lists: which words of a hypothesis a reference keeps. */
public final class WordAlignment {

    private WordAlignment() {
    }

    /**
     * For each word of {@code hypothesis}: whether a minimal edit alignment pairs it with an equal word of
     * {@code reference} (ties resolved as {@code WordErrorRate.compare} does).
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
    public static int[][] table(String[] r, String[] h) {
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

}
