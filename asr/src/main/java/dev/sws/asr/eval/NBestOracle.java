package dev.sws.asr.eval;

import dev.sws.asr.NBestEntry;
import dev.sws.asr.Segment;
import dev.sws.core.text.TextNormalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The n-best oracle of a transcript: the fewest word errors against the reference that a choice among the first
 * {@code k} hypotheses of each segment can reach. It bounds what a corrector that may only pick a hypothesis (the
 * guarded house corrector, in effect) can gain. One segment is exact; for several, each segment in turn takes its
 * best hypothesis with the others fixed, until nothing improves (a reachable choice, so never below the true oracle).
 */
public final class NBestOracle {
    private NBestOracle() {}

    public static WordErrorRate.Counts counts(String reference, List<Segment> segments, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        String ref = TextNormalizer.normalize(reference);
        List<List<String>> options = new ArrayList<>();
        for (Segment s : segments) {
            List<String> texts = new ArrayList<>();
            texts.add(s.text());
            for (NBestEntry e : s.nbest()) {
                if (texts.size() >= k) {
                    break;
                }
                if (!texts.contains(e.text())) {
                    texts.add(e.text());
                }
            }
            options.add(texts);
        }
        int[] pick = new int[options.size()];
        WordErrorRate.Counts best = WordErrorRate.compare(ref, join(options, pick));
        for (boolean improved = true; improved; ) {
            improved = false;
            for (int s = 0; s < pick.length; s++) {
                for (int i = 0; i < options.get(s).size(); i++) {
                    int keep = pick[s];
                    pick[s] = i;
                    WordErrorRate.Counts c = WordErrorRate.compare(ref, join(options, pick));
                    if (c.errors() < best.errors()) {
                        best = c;
                        improved = true;
                    } else {
                        pick[s] = keep;
                    }
                }
            }
        }
        return best;
    }

    private static String join(List<List<String>> options, int[] pick) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < pick.length; s++) {
            String t = TextNormalizer.normalize(options.get(s).get(pick[s]));
            if (!t.isBlank()) {
                b.append(b.isEmpty() ? "" : " ").append(t);
            }
        }
        return b.toString();
    }
}
