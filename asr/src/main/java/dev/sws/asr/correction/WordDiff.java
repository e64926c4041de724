package dev.sws.asr.correction;

import java.util.ArrayList;
import java.util.List;

/** Word-level diff (Levenshtein alignment) of an original and a corrected segment, for review in the GUI and CLI. */
public final class WordDiff {
    public enum Kind { SAME, REMOVED, ADDED }

    public record Piece(Kind kind, String text) {}

    private WordDiff() {}

    public static List<Piece> diff(String original, String corrected) {
        String[] a = original.isBlank() ? new String[0] : original.trim().split("\\s+");
        String[] b = corrected.isBlank() ? new String[0] : corrected.trim().split("\\s+");
        int[][] d = new int[a.length + 1][b.length + 1];
        for (int i = a.length; i >= 0; i--) {
            for (int j = b.length; j >= 0; j--) {
                if (i == a.length || j == b.length) {
                    d[i][j] = (a.length - i) + (b.length - j);
                } else if (a[i].equals(b[j])) {
                    d[i][j] = d[i + 1][j + 1];
                } else {
                    d[i][j] = 1 + Math.min(d[i + 1][j], d[i][j + 1]);
                }
            }
        }
        List<Piece> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                add(out, Kind.SAME, a[i++]);
                j++;
            } else if (j == b.length || (i < a.length && d[i + 1][j] <= d[i][j + 1])) {
                add(out, Kind.REMOVED, a[i++]);
            } else {
                add(out, Kind.ADDED, b[j++]);
            }
        }
        return out;
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
