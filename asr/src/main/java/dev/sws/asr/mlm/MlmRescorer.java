package dev.sws.asr.mlm;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.asr.NBestEntry;
import dev.sws.asr.correction.HypothesisRescorer;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.util.Json;
import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Rescoring of a segment's n-best list by a masked LM: each of the first {@code hyps} distinct hypotheses scores
 * {@code asr + weight × pll + wordBonus × words} ({@link PseudoLikelihood}; natural logs), and the best one replaces
 * the recogniser's choice when it gains at least {@code margin}; a segment spelled out in letters or digits stays as
 * heard ({@link #spelled}). Weights come from the model folder's config.json:
 * <pre>"sws_pll": {"weight": 0.3, "word_bonus": 0.5, "hyps": 8, "context": 2, "window": 32, "margin": 0}</pre>
 * chosen on tuning sets by training/corrector/mlm_weights.py. Safe to call from several threads.
 */
public final class MlmRescorer implements HypothesisRescorer, AutoCloseable {
    /** The weights and reach of the rescoring. */
    public record Weights(double weight, double wordBonus, int hyps, int context, int window, double margin) {
        public Weights {
            if (!(weight >= 0) || hyps < 1 || context < 0 || window < 1 || !(margin >= 0)) {
                throw new IllegalArgumentException("masked-LM rescoring weights out of range");
            }
        }

        /** The {@code sws_pll} object of a config.json. */
        public static Weights of(JsonNode n, String where) {
            for (String k : List.of("weight", "word_bonus", "hyps", "context", "window", "margin")) {
                if (!n.path(k).isNumber()) {
                    throw new ModelContractException(where + ": sws_pll." + k + " must be a number");
                }
            }
            return new Weights(n.path("weight").asDouble(), n.path("word_bonus").asDouble(), n.path("hyps").asInt(),
                    n.path("context").asInt(), n.path("window").asInt(), n.path("margin").asDouble());
        }
    }

    private final MaskedLm lm;
    private final PseudoLikelihood pll;
    private final Weights w;

    /** Takes ownership of {@code lm}. */
    public MlmRescorer(MaskedLm lm, Weights w) {
        this.lm = lm;
        this.pll = new PseudoLikelihood(lm, w.context(), w.window());
        this.w = w;
    }

    /** Loads a masked-LM folder ({@link BertInstaller} writes one) with the weights of its config.json. */
    public static MlmRescorer load(Path folder, InferenceRuntime runtime, Device device, int threads) throws IOException {
        Path config = folder.resolve("config.json");
        JsonNode n = Json.mapper().readTree(config.toFile()).path("sws_pll");
        if (!n.isObject()) {
            throw new ModelContractException(config + " has no sws_pll object (the rescoring weights)");
        }
        Weights w = Weights.of(n, config.toString());
        return new MlmRescorer(MaskedLm.load(folder, runtime, device, threads), w);
    }

    @Override
    public void close() {
        lm.close();
    }

    public Weights weights() {
        return w;
    }

    private static final java.util.Set<String> DIGITS = java.util.Set.of("zero", "oh", "one", "two", "three", "four",
            "five", "six", "seven", "eight", "nine");

    /**
     * Whether a hypothesis is mostly single letters or digit words ("p i t t s b u r g h", "four one two"): a masked LM
     * knows nothing about which letter or digit was said, and on AN4 it preferred well-formed words to what was spelled.
     */
    static boolean spelled(String normalized) {
        String[] w = normalized.isBlank() ? new String[0] : normalized.split(" ");
        long n = java.util.Arrays.stream(w).filter(x -> x.length() == 1 || DIGITS.contains(x)).count();
        return 2 * n >= w.length;
    }

    @Override
    public Optional<Choice> choose(List<NBestEntry> nbest) {
        if (nbest.size() < 2 || spelled(dev.sws.core.text.TextNormalizer.normalize(nbest.getFirst().text()))) {
            return Optional.empty();
        }
        List<PseudoLikelihood.Scored> s;
        try {
            s = pll.score(nbest, w.hyps());
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("masked-LM rescoring", e);
        }
        int best = 0;
        double first = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.size(); i++) {
            PseudoLikelihood.Scored h = s.get(i);
            double score = h.asrLogProb() + w.weight() * h.pll() + w.wordBonus() * h.words();
            if (i == 0) {
                first = score;
            }
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        if (best == 0 || bestScore - first < w.margin()) {
            return Optional.empty();
        }
        return Optional.of(new Choice(s.get(best).text(), best, bestScore - first));
    }

    @Override
    public String name() {
        return "masked-LM rescoring";
    }
}
