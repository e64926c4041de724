package dev.sws.asr.correction;

import dev.sws.asr.lm.NgramLm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.asr.NBestEntry;
import dev.sws.core.model.ModelContractException;
import dev.sws.core.text.TextNormalizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Second-pass rescoring of a segment's n-best list with a word n-gram LM: each of the first {@code hyps} hypotheses
 * scores {@code asr + weight × lm + wordBonus × words − oovPenalty × unknown} (natural logs; the bonus offsets the LM's
 * cost per word; unknown: words the LM's vocabulary lacks, which a recogniser spells from pieces — "turnedly",
 * "unbusy"), and the best one replaces the recogniser's choice when it gains at least {@code margin}. Only ever picks a
 * hypothesis the recogniser heard. Configured by the corrector folder's config.json:
 * <pre>"sws_ngram": {"file": "ngram.arpa.gz", "weight": 0.2, "word_bonus": 1.0, "oov_penalty": 2, "margin": 0, "hyps": 8}</pre>
 * Weights are chosen on a tuning set, never on the evaluation set (training/corrector/choose_probe.py).
 */
public record NBestRescorer(NgramLm lm, double weight, double wordBonus, double oovPenalty, double margin, int hyps)
        implements HypothesisRescorer {

    /** The rescorer a corrector folder asks for, or empty when its config.json has no {@code sws_ngram}. */
    static Optional<NBestRescorer> fromConfig(Path folder, JsonNode config) throws IOException {
        JsonNode n = config.path("sws_ngram");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String file = n.path("file").asText("");
        if (file.isEmpty() || file.contains("..") || file.startsWith("/")) {
            throw new ModelContractException(folder + "/config.json: sws_ngram.file must name a file in the folder");
        }
        for (String k : List.of("weight", "word_bonus", "oov_penalty", "margin", "hyps")) {
            boolean optional = !k.equals("weight") && !k.equals("word_bonus");
            if (!n.path(k).isNumber() && !(optional && n.path(k).isMissingNode())) {
                throw new ModelContractException(folder + "/config.json: sws_ngram." + k + " must be a number");
            }
        }
        return Optional.of(new NBestRescorer(NgramLm.load(folder.resolve(file)), n.path("weight").asDouble(),
                n.path("word_bonus").asDouble(), n.path("oov_penalty").asDouble(0), n.path("margin").asDouble(0),
                n.path("hyps").asInt(8)));
    }

    @Override
    public Optional<Choice> choose(List<NBestEntry> nbest) {
        int n = Math.min(hyps, nbest.size());
        if (n < 2) {
            return Optional.empty();
        }
        double first = 0;
        double best = Double.NEGATIVE_INFINITY;
        int bestIndex = 0;
        for (int i = 0; i < n; i++) {
            String text = TextNormalizer.normalize(nbest.get(i).text());
            String[] words = text.isBlank() ? new String[0] : text.split(" ");
            int unknown = 0;
            for (String w : words) {
                unknown += lm.knows(w) ? 0 : 1;
            }
            double s = nbest.get(i).logProb() + weight * lm.logProb(text) + wordBonus * words.length - oovPenalty * unknown;
            if (i == 0) {
                first = s;
            }
            if (s > best) {
                best = s;
                bestIndex = i;
            }
        }
        if (bestIndex == 0 || best - first < margin) {
            return Optional.empty();
        }
        return Optional.of(new Choice(TextNormalizer.normalize(nbest.get(bestIndex).text()), bestIndex, best - first));
    }

    @Override
    public String name() {
        return "n-gram rescoring";
    }
}
