import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.asr.NBestEntry;
import dev.sws.asr.mlm.MaskedLm;
import dev.sws.asr.mlm.PseudoLikelihood;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Scores every segment's n-best list in `./sws transcribe --format json` outputs with the masked LM, for
 * mlm_weights.py: one TSV row per distinct hypothesis (file, seg, hyp, words, asr, pll, text). Prints the time per
 * segment (median, 90th percentile, largest).
 *
 * Usage: java -cp "$(cat app/target/runtime-classpath.txt)" training/corrector/MlmScoreProbe.java \
 *            MLM_FOLDER JSON_DIR OUT.tsv [HYPS CONTEXT WINDOW THREADS]      (defaults 8 2 32 2)
 */
public class MlmScoreProbe {
    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        Path dir = Path.of(a[1]);
        Path out = Path.of(a[2]);
        int hyps = a.length > 3 ? Integer.parseInt(a[3]) : 8;
        int context = a.length > 4 ? Integer.parseInt(a[4]) : 2;
        int window = a.length > 5 ? Integer.parseInt(a[5]) : 32;
        int threads = a.length > 6 ? Integer.parseInt(a[6]) : 2;
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<Double> ms = new ArrayList<>();
        try (MaskedLm lm = MaskedLm.load(model, InferenceRuntime.standalone(), Device.CPU, threads);
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            PseudoLikelihood pll = new PseudoLikelihood(lm, context, window);
            w.println("file\tseg\thyp\twords\tasr\tpll\ttext");
            for (Path f : files) {
                JsonNode j = json.readTree(f.toFile());
                int si = 0;
                for (JsonNode s : j.path("segments")) {
                    List<NBestEntry> nb = new ArrayList<>();
                    s.path("nbest").forEach(e -> nb.add(new NBestEntry(e.path("text").asText(), e.path("logProb").asDouble())));
                    if (nb.isEmpty()) {
                        nb.add(new NBestEntry(s.path("text").asText(), 0));
                    }
                    long t0 = System.nanoTime();
                    List<PseudoLikelihood.Scored> sc = pll.score(nb, hyps);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    for (int h = 0; h < sc.size(); h++) {
                        PseudoLikelihood.Scored x = sc.get(h);
                        w.printf(Locale.ROOT, "%s\t%d\t%d\t%d\t%.4f\t%.4f\t%s%n", j.path("source").asText(), si, h, x.words(),
                                x.asrLogProb(), x.pll(), x.text());
                    }
                    si++;
                }
            }
        }
        Collections.sort(ms);
        System.out.printf(Locale.ROOT, "%d segments: median %.0f ms, 90th percentile %.0f ms, largest %.0f ms, total %.1f s%n",
                ms.size(), ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.9)), ms.getLast(),
                ms.stream().mapToDouble(Double::doubleValue).sum() / 1000);
    }
}
