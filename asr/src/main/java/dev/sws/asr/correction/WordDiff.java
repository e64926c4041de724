package dev.sws.asr.correction;

import java.util.ArrayList;
import java.util.List;

/** Word-level diff (Levenshtein alignment) of an original and a corrected segment, for review in the GUI and CLI. */
public final class WordDiff {
    public enum Kind { SAME, REMOVED, ADDED }

    public record Piece(Kind kind, String text) {}

    private WordDiff() {}

    public static List<Piece> diff(String original, String corrected) {
        String[] a = words(original);
        String[] b = words(corrected);
        List<Piece> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (Kind k : align(a, b, false)) {
            switch (k) {
                case SAME -> {
                    add(out, k, a[i++]);
                    j++;
                }
                case REMOVED -> add(out, k, a[i++]);
                case ADDED -> add(out, k, b[j++]);
            }
        }
        return out;
    }

    /** The words of a text (split at whitespace; none for a blank text). */
    public static String[] words(String text) {
        return text.isBlank() ? new String[0] : text.trim().split("\\s+");
    }

    /**
     * A shortest edit script turning {@code a} into {@code b}, one step per word: SAME consumes a word of each,
     * REMOVED one of {@code a}, ADDED one of {@code b}; a removal comes before the addition that replaces it.
     *
     * @param ignoreCase whether words that differ only in case count as the same
     */
    public static List<Kind> align(String[] a, String[] b, boolean ignoreCase) {
        int[][] d = new int[a.length + 1][b.length + 1];
        for (int i = a.length; i >= 0; i--) {
            for (int j = b.length; j >= 0; j--) {
                if (i == a.length || j == b.length) {
                    d[i][j] = (a.length - i) + (b.length - j);
                } else if (same(a[i], b[j], ignoreCase)) {
                    d[i][j] = d[i + 1][j + 1];
                } else {
                    d[i][j] = 1 + Math.min(d[i + 1][j], d[i][j + 1]);
                }
            }
        }
        List<Kind> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && same(a[i], b[j], ignoreCase)) {
                out.add(Kind.SAME);
                i++;
                j++;
            } else if (j == b.length || (i < a.length && d[i + 1][j] <= d[i][j + 1])) {
                out.add(Kind.REMOVED);
                i++;
            } else {
                out.add(Kind.ADDED);
                j++;
            }
        }
        return out;
    }

    private static boolean same(String x, String y, boolean ignoreCase) {
        return ignoreCase ? x.equalsIgnoreCase(y) : x.equals(y);
    }

    private static void add(List<Piece> out, Kind k, String w) {
        if (!out.isEmpty() && out.getLast().kind() == k) {
            out.set(out.size() - 1, new Piece(k, out.getLast().text() + " " + w));
        } else {
            out.add(new Piece(k, w));
        }
    }

    /** One line: {@code call forward [-uncondition-]{+on busy+}}. */
    public static String inline(String original, String corrected) {
        StringBuilder sb = new StringBuilder();
        for (Piece p : diff(original, corrected)) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(switch (p.kind()) {
                case SAME -> p.text();
                case REMOVED -> "[-" + p.text() + "-]";
                case ADDED -> "{+" + p.text() + "+}";
            });
        }
        return sb.toString();
    }
}
