package dev.sws.asr.eval;

import dev.sws.asr.Word;
import dev.sws.asr.WordAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well word confidences point at wrong words: each recognised word of a file is wrong unless a minimal edit
 * alignment with the reference pairs it with an equal word. Reports the ROC AUC of (1 − confidence) against
 * wrongness, and what the editor's mark (words under a confidence) catches: how many it marks, the share of them that
 * are wrong, and the share of wrong words it marks.
 */
public final class WordMarks {

    private final List<double[]> words = new ArrayList<>();   // {confidence, wrong ? 1 : 0}

    /** Adds the words recognised in one file against its reference (normalised here, as the WER is). */
    public void add(String reference, List<Word> recognised) {
        String r = dev.sws.core.text.TextNormalizer.normalize(reference).strip();
        String[] hyp = recognised.stream().map(w -> w.text().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        boolean[] kept = WordAlignment.kept(r.isEmpty() ? new String[0] : r.split("\\s+"), hyp);
        for (int i = 0; i < hyp.length; i++) {
            words.add(new double[]{recognised.get(i).confidence(), kept[i] ? 0 : 1});
        }
    }

    public int words() {
        return words.size();
    }

    public int wrong() {
        return (int) words.stream().filter(w -> w[1] == 1).count();
    }

    /** ROC AUC of low confidence for wrong words (ties count half); NaN without both kinds. */
    public double auc() {
        long wrong = wrong();
        long right = words.size() - wrong;
        if (wrong == 0 || right == 0) {
            return Double.NaN;
        }
        double sum = 0;   // pairs (wrong, right) where the wrong word has the lower confidence
        List<double[]> sorted = new ArrayList<>(words);
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        long rightAbove = right;   // right words not yet passed (confidence ≥ current)
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            long w = 0;
            long r = 0;
            while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
                if (sorted.get(j)[1] == 1) {
                    w++;
                } else {
                    r++;
                }
                j++;
            }
            sum += w * (rightAbove - r) + 0.5 * w * r;
            rightAbove -= r;
            i = j;
        }
        return sum / (wrong * right);
    }

    /** One line: AUC and what a mark at {@code below} catches. */
    public String summary(double below) {
        long marked = words.stream().filter(w -> w[0] < below).count();
        long hit = words.stream().filter(w -> w[0] < below && w[1] == 1).count();
        int wrong = wrong();
        return String.format(Locale.ROOT, "word confidence: %d words, %d wrong; ROC AUC %.3f; under %.2f: %d marked, "
                        + "%.1f %% of them wrong, %.1f %% of the wrong words marked", words.size(), wrong, auc(), below,
                marked, marked == 0 ? 0 : 100.0 * hit / marked, wrong == 0 ? 0 : 100.0 * hit / wrong);
    }
}
