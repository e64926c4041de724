import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.asr.mlm.MaskedLm;
import dev.sws.asr.mlm.PseudoLikelihood;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Per word of each segment of `./sws transcribe --format json` outputs: the recogniser's confidence and the masked LM's
 * log-probability of the word in its sentence (PseudoLikelihood.wordScores, window 8), as TSV for word_check.py.
 *
 * Usage: java -cp "$(cat app/target/runtime-classpath.txt)" training/corrector/WordScoreProbe.java MLM_FOLDER JSON_DIR OUT.tsv
 */
public class WordScoreProbe {
    public static void main(String[] a) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (MaskedLm lm = MaskedLm.load(Path.of(a[0]), InferenceRuntime.standalone(), Device.CPU, 2);
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(a[2])));
             var files = Files.list(Path.of(a[1]))) {
            PseudoLikelihood pll = new PseudoLikelihood(lm, 2, 8);
            w.println("file\tseg\tword\ttext\tconfidence\tmlm");
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode j = json.readTree(f.toFile());
                int si = 0;
                for (JsonNode s : j.path("segments")) {
                    JsonNode words = s.path("words");
                    StringBuilder t = new StringBuilder();
                    for (JsonNode x : words) {
                        t.append(t.isEmpty() ? "" : " ").append(x.path("word").asText());
                    }
                    String text = dev.sws.core.text.TextNormalizer.normalize(t.toString());
                    double[] m = text.isBlank() ? new double[0] : pll.wordScores(text);
                    if (m.length == words.size()) {
                        for (int i = 0; i < m.length; i++) {
                            w.printf(Locale.ROOT, "%s\t%d\t%d\t%s\t%.4f\t%.4f%n", f.getFileName(), si, i,
                                    words.get(i).path("word").asText(), words.get(i).path("confidence").asDouble(), m[i]);
                        }
                    }
                    si++;
                }
            }
        }
    }
}
