package dev.sws.app.cli.measure;


import dev.sws.asr.correction.Correction;
import dev.sws.asr.eval.AsrEvaluator;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.core.text.TextNormalizer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The correction lines of {@code sws eval asr --correct}: one line per changed file (better, worse or neither against
 * the reference), then WER before and after, harmful edits, latency.
 */
final class CorrectionSummary {
    private CorrectionSummary() {}

    static void print(PrintWriter out, List<AsrEvaluator.Entry> entries, Map<Path, String> raw, AsrEvaluator.Report fixed,
                      List<Correction> corrections) {
        WordErrorRate.Counts before = WordErrorRate.Counts.zero();
        int correctFiles = 0;
        int harmed = 0;
        for (int i = 0; i < entries.size(); i++) {
            AsrEvaluator.Entry e = entries.get(i);
            String ref = TextNormalizer.normalize(e.reference());
            String hyp = TextNormalizer.normalize(raw.getOrDefault(e.file(), ""));
            WordErrorRate.Counts rawCounts = WordErrorRate.compare(ref, hyp);
            before = before.plus(rawCounts);
            AsrEvaluator.Item after = fixed.items().get(i);
            boolean changed = raw.containsKey(e.file()) && !after.hypothesis().equals(hyp);
            if (changed) {
                int delta = after.counts().errors() - rawCounts.errors();
                out.printf(Locale.ROOT, "# changed %s: \"%s\" -> \"%s\" (reference \"%s\"; %s)%n", e.file().getFileName(), hyp,
                        after.hypothesis(), ref, delta < 0 ? "better" : delta > 0 ? "worse" : "neither");
            }
            if (raw.containsKey(e.file()) && ref.equals(hyp)) {
                correctFiles++;
                if (changed) {
                    harmed++;
                }
            }
        }
        double[] ms = corrections.stream().mapToDouble(Correction::millis).sorted().toArray();
        long changed = corrections.stream().filter(Correction::changed).count();
        long rejected = corrections.stream().filter(c -> c.status() == Correction.Status.REJECTED).count();
        double mean = ms.length == 0 ? 0 : java.util.Arrays.stream(ms).average().orElse(0);
        double p95 = ms.length == 0 ? 0 : ms[Math.min(ms.length - 1, (int) Math.ceil(0.95 * ms.length) - 1)];
        double rel = before.percent() == 0 ? 0 : 100 * (fixed.total().percent() - before.percent()) / before.percent();
        out.printf(Locale.ROOT, "# correction: WER %.2f -> %.2f (%+.1f %% relative); %d of %d segments changed, %d proposals "
                        + "rejected by the guards; harmful edits on correct files %d/%d; latency per segment %.0f ms mean, "
                        + "%.0f ms p95%n", before.percent(), fixed.total().percent(), rel, changed, corrections.size(), rejected,
                harmed, correctFiles, mean, p95);
    }
}
