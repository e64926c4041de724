package dev.sws.app.tools;

import com.fasterxml.jackson.databind.*;
import com.fasterxml.jackson.databind.node.*;
import dev.sws.asr.NBestEntry;
import dev.sws.asr.correction.*;
import dev.sws.core.inference.*;
import dev.sws.core.text.TextNormalizer;
import java.nio.file.*;
import java.util.*;

/** Dumps, per segment of `sws transcribe --format json` files, each hypothesis' recogniser and LM log-probabilities (the
 * LM scoring the hypothesis as the answer to the corrector's prompt) and the shipped correction, as JSON lines for
 * training/corrector/rerank_eval.py. Compiled with the tests; usage: java -Xss8m -cp
 * "app/target/test-classes:app/target/classes:$(cat app/target/runtime-classpath.txt)" dev.sws.app.tools.LmRerankProbe
 * CORRECTOR_DIR OUT.jsonl FILE.json... */
public class LmRerankProbe {
    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        var rt = InferenceRuntime.standalone();
        ObjectMapper m = new ObjectMapper();
        // the corrector keeps its LM to itself, so the probe loads a second copy to score with (6.6 MB, int8)
        try (var tok = LlmTokenizer.load(model.resolve("tokenizer.json"));
             var lm = DecoderLm.load(model, rt, Device.CPU, 1);
             var corr = TranscriptCorrector.load(model, rt, Device.CPU, 1);
             var out = Files.newBufferedWriter(Path.of(a[1]))) {
            long eos = lm.primaryEos();
            for (int i = 2; i < a.length; i++) {
                JsonNode d = m.readTree(Path.of(a[i]).toFile());
                String prev = "";
                for (JsonNode s : d.path("segments")) {
                    List<NBestEntry> nb = new ArrayList<>();
                    s.path("nbest").forEach(h -> nb.add(new NBestEntry(h.path("text").asText(), h.path("logProb").asDouble())));
                    String text = s.path("text").asText();
                    ObjectNode o = m.createObjectNode();
                    o.put("source", d.path("source").asText()).put("text", text);
                    if (!nb.isEmpty() && !text.isBlank()) {
                        long[] p = tok.encode(CorrectionPrompt.render(corr.format(), prev, nb));
                        long[][] conts = new long[nb.size()][];
                        for (int k = 0; k < nb.size(); k++) {
                            long[] body = tok.encode(" " + TextNormalizer.normalize(nb.get(k).text()));
                            conts[k] = Arrays.copyOf(body, body.length + 1);
                            conts[k][body.length] = eos;
                        }
                        double[] lp = lm.logProbs(p, conts);
                        ArrayNode arr = o.putArray("hyps");
                        for (int k = 0; k < nb.size(); k++) {
                            arr.addObject().put("text", TextNormalizer.normalize(nb.get(k).text())).put("asr", nb.get(k).logProb()).put("lm", lp[k]);
                        }
                        var c = corr.correct(text, nb, prev, dev.sws.asr.correction.CorrectionOptions.defaults(), () -> false);
                        o.put("corrected", c.corrected()).put("status", c.status().name());
                    }
                    out.write(m.writeValueAsString(o));
                    out.newLine();
                    prev = text;
                }
            }
        }
    }
}
