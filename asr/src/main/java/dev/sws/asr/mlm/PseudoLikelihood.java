package dev.sws.asr.mlm;

import ai.onnxruntime.OrtException;
import dev.sws.asr.NBestEntry;
import dev.sws.core.text.TextNormalizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pseudo-log-likelihood of a segment's hypotheses under a masked LM (Salazar et al., "Masked Language Model
 * Scoring", ACL 2020): mask each word piece in turn and add the log-probability of the true piece. The first
 * hypothesis stands in for the others wherever they agree with it; another one is scored only where it differs, with
 * {@code context} words of agreement on either side (a piece's probability barely depends on words far away). That
 * costs a few pieces per hypothesis instead of all pieces of all of them. Each masked piece sees at most {@code window} pieces on either side.
 * <p>
 * The words where no hypothesis differs add the same to every hypothesis's score, so they are not scored at all: the
 * first hypothesis is scored only in the union of the others' regions. {@link Scored#pll} is therefore relative — the
 * full pseudo-log-likelihood less a constant shared by the segment's hypotheses — which is all a choice among them
 * needs; {@link #wordScores} gives the full per-word figures of one text.
 */
public final class PseudoLikelihood {
    /**
     * One hypothesis: its normalised words, the recogniser's log-probability and the masked LM's (relative: comparable
     * among the hypotheses of one segment only).
     */
    public record Scored(String text, int words, double asrLogProb, double pll) {}

    private final MaskedLm lm;
    private final int context;
    private final int window;

    public PseudoLikelihood(MaskedLm lm, int context, int window) {
        this.lm = lm;
        this.context = context;
        this.window = window;
    }

    /**
     * The first {@code hyps} distinct hypotheses (normalised text; duplicates after normalisation and empty ones after
     * the first dropped), each with its pseudo-log-likelihood.
     */
    public List<Scored> score(List<NBestEntry> nbest, int hyps) throws OrtException {
        Map<String, Double> distinct = new LinkedHashMap<>();
        for (NBestEntry e : nbest) {
            if (distinct.size() >= hyps) {
                break;
            }
            String t = TextNormalizer.normalize(e.text());
            if (t.isBlank() && !distinct.isEmpty()) {
                continue;   // no words, no pieces to score: it would win on a pseudo-likelihood of 0
            }
            distinct.putIfAbsent(t, e.logProb());
        }
        List<String> texts = new ArrayList<>(distinct.keySet());
        if (texts.isEmpty()) {
            return List.of();
        }
        String[][] hw = texts.stream().map(PseudoLikelihood::words).toArray(String[][]::new);
        String[] top = hw[0];
        // where each other hypothesis differs from the first; the first is scored only where any of them differs
        List<boolean[][]> regions = new ArrayList<>();
        boolean[] union = new boolean[top.length];
        regions.add(new boolean[][]{union, union});
        for (int h = 1; h < texts.size(); h++) {
            boolean[][] r = regions(top, hw[h], context);
            regions.add(r);
            for (int i = 0; i < top.length; i++) {
                union[i] |= r[0][i];
            }
        }
        // one batch for everything
        List<MaskedLm.Query> queries = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();   // per query: {hypothesis, word}
        for (int h = 0; h < texts.size(); h++) {
            addQueries(hw[h], regions.get(h)[1], h, queries, owners);
        }
        float[] lp = lm.logProbs(queries);
        double[][] perWord = new double[texts.size()][];
        for (int h = 0; h < texts.size(); h++) {
            perWord[h] = new double[hw[h].length];
        }
        for (int q = 0; q < lp.length; q++) {
            perWord[owners.get(q)[0]][owners.get(q)[1]] += lp[q];
        }
        double base = Arrays.stream(perWord[0]).sum();
        List<Scored> out = new ArrayList<>();
        for (int h = 0; h < texts.size(); h++) {
            double pll = base;
            boolean[][] r = regions.get(h);
            if (h > 0) {
                for (int i = 0; i < top.length; i++) {
                    pll -= r[0][i] ? perWord[0][i] : 0;
                }
                for (int j = 0; j < perWord[h].length; j++) {
                    pll += r[1][j] ? perWord[h][j] : 0;
                }
            }
            out.add(new Scored(texts.get(h), perWord[h].length, distinct.get(texts.get(h)), pll));
        }
        return out;
    }

    /**
     * The masked LM's log-probability of each word of {@code normalized} (words separated by single spaces): the sum
     * over its pieces, each masked in turn. A low figure is a word the language finds surprising here.
     */
    public double[] wordScores(String normalized) throws OrtException {
        String[] w = words(normalized);
        boolean[] all = new boolean[w.length];
        Arrays.fill(all, true);
        List<MaskedLm.Query> queries = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();
        addQueries(w, all, 0, queries, owners);
        float[] lp = lm.logProbs(queries);
        double[] out = new double[w.length];
        for (int q = 0; q < lp.length; q++) {
            out[owners.get(q)[1]] += lp[q];
        }
        return out;
    }

    private static String[] words(String text) {
        return text.isBlank() ? new String[0] : text.split(" ");
    }

    /** Queries masking every piece of the words marked in {@code which}; owners get {hypothesis, word} per query. */
    private void addQueries(String[] words, boolean[] which, int hyp, List<MaskedLm.Query> queries, List<int[]> owners) {
        WordPiece v = lm.vocab();
        int[][] pieces = v.encodeWords(words);
        int n = Arrays.stream(pieces).mapToInt(p -> p.length).sum();
        int[] flat = new int[n];
        int[] wordOf = new int[n];
        int k = 0;
        for (int i = 0; i < pieces.length; i++) {
            for (int p : pieces[i]) {
                flat[k] = p;
                wordOf[k++] = i;
            }
        }
        for (int j = 0; j < n; j++) {
            if (!which[wordOf[j]]) {
                continue;
            }
            int from = Math.max(0, j - window);
            int to = Math.min(n, j + window + 1);
            int[] seq = new int[to - from + 2];
            seq[0] = v.cls();
            System.arraycopy(flat, from, seq, 1, to - from);
            seq[seq.length - 1] = v.sep();
            queries.add(new MaskedLm.Query(seq, j - from + 1, flat[j]));
            owners.add(new int[]{hyp, wordOf[j]});
        }
    }

    /**
     * Where {@code b} differs from {@code a}: the words of each outside their longest common subsequence, widened by
     * {@code context} words on either side and carried across aligned pairs, so both marks cover the same stretch.
     * Returns {marks in a, marks in b}.
     */
    static boolean[][] regions(String[] a, String[] b, int context) {
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int[] pairA = new int[a.length];   // the b index aligned to each a word, or -1
        int[] pairB = new int[b.length];
        Arrays.fill(pairA, -1);
        Arrays.fill(pairB, -1);
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i].equals(b[j])) {
                pairA[i] = j;
                pairB[j++] = i++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        boolean[] ma = widen(pairA, context);
        boolean[] mb = widen(pairB, context);
        for (int i = 0; i < a.length; i++) {   // a stretch marked on one side is marked on the other
            if (pairA[i] >= 0 && (ma[i] || mb[pairA[i]])) {
                ma[i] = true;
                mb[pairA[i]] = true;
            }
        }
        return new boolean[][]{ma, mb};
    }

    private static boolean[] widen(int[] pair, int context) {
        boolean[] m = new boolean[pair.length];
        for (int i = 0; i < pair.length; i++) {
            if (pair[i] < 0) {
                for (int d = -context; d <= context; d++) {
                    if (i + d >= 0 && i + d < m.length) {
                        m[i + d] = true;
                    }
                }
            }
        }
        return m;
    }
}
