package dev.sws.app.cli.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A plain-text table for the console: each column as wide as its longest cell, two spaces between columns. */
public final class TextTable {

    private TextTable() {
    }

    /**
     * The lines of {@code rows} (all of the same length), each starting with {@code indent}; the columns in
     * {@code rightAligned} (numbers) are padded on the left.
     */
    public static List<String> lines(List<String[]> rows, Set<Integer> rightAligned, String indent) {
        int[] w = new int[rows.isEmpty() ? 0 : rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                String pad = " ".repeat(w[i] - r[i].length());
                line.append(rightAligned.contains(i) ? pad + r[i] : r[i] + pad).append("  ");
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }
}
