package dev.sws.asr.correction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.asr.NBestEntry;
import dev.sws.asr.Segment;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.core.text.TextNormalizer;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * LLM error correction of finalized segments: the n-best list (and the previous segment as context) goes into a
 * decoder-only LM ({@link DecoderLm}); the answer is accepted only when it passes the guards, else the original
 * stays:
 * <ul>
 *   <li>constrained decoding (default on): the output may only use tokens of the n-best words, so a correction
 *   picks and recombines what the recogniser heard and cannot invent text;</li>
 *   <li>edit budget: the answer may differ from the nearest n-best hypothesis by at most
 *   {@code max(1, budget × words)} words, and its length may not stray far from the best hypothesis;</li>
 *   <li>consensus: a word that every hypothesis shown to the model contains may not be dropped;</li>
 *   <li>no invented words: a word of the answer must be in a hypothesis shown or in the word LM's vocabulary
 *   (recombined tokens can spell a non-word: "october" became "oberber"); no phrase of three or more words may be
 *   repeated more often than in every hypothesis (a looping LM: "… press zero for mailbox options press zero for
 *   mailbox options");</li>
 *   <li>acoustic veto: an answer the recogniser scored far below its best hypothesis is rejected;</li>
 *   <li>when the model's answer does not stand, a word n-gram LM (config.json {@code sws_ngram}, see
 *   {@link NBestRescorer}) may still pick another of the recogniser's own hypotheses;</li>
 *   <li>the transcript is data: special-token look-alikes are stripped, and an instruction in the speech ("ignore
 *   previous instructions…") can only ever produce text within the budget of what was said.</li>
 * </ul>
 * Not thread-safe (one LM session); the owner closes it.
 */
public final class TranscriptCorrector implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DecoderLm lm;
    private final LlmTokenizer tok;
    private final CorrectionPrompt.Format format;
    private final Set<Long> stop;
    private final String id;
    private final NBestRescorer rescorer;
    private final boolean rewritesByDefault;

    /** Nats by which the model must prefer its answer over the recogniser's best hypothesis. */
    public static final double DEFAULT_MARGIN = CorrectionOptions.DEFAULT_MARGIN;

    private TranscriptCorrector(String id, DecoderLm lm, LlmTokenizer tok, CorrectionPrompt.Format format,
                                NBestRescorer rescorer, boolean rewritesByDefault) {
        this.id = id;
        this.rescorer = rescorer;
        this.rewritesByDefault = rewritesByDefault;
        this.lm = lm;
        this.tok = tok;
        this.format = format;
        Set<Long> s = new HashSet<>(lm.eosIds());
        for (String t : List.of("<|endoftext|>", "<|im_end|>")) {
            long i = tok.idOf(t);
            if (i >= 0) {
                s.add(i);
            }
        }
        this.stop = Set.copyOf(s);
    }

    /**
     * Loads a corrector folder: an Optimum export ({@code model.onnx}, {@code config.json}, {@code tokenizer.json}).
     * The prompt format is {@code nbest-v1} when config.json says {@code "sws_prompt": "nbest-v1"} (the house
     * corrector), ChatML when the tokenizer config's chat template uses {@code <|im_start|>} (Qwen2 and kin).
     */
    public static TranscriptCorrector load(Path folder, InferenceRuntime runtime, Device device, int threads)
            throws IOException {
        LlmTokenizer tok = LlmTokenizer.load(folder.resolve("tokenizer.json"));
        try {
            DecoderLm lm = DecoderLm.load(folder, runtime, device, threads);
            CorrectionPrompt.Format f;
            if ("nbest-v1".equals(lm.config().path("sws_prompt").asText())) {
                f = CorrectionPrompt.Format.NBEST_V1;
            } else if (chatTemplate(folder).contains("<|im_start|>")) {
                f = CorrectionPrompt.Format.CHATML;
            } else {
                lm.close();
                throw new dev.sws.core.model.ModelContractException(folder + ": no known prompt format (config.json has no"
                        + " \"sws_prompt\": \"nbest-v1\" and tokenizer_config.json has no ChatML chat_template)");
            }
            NBestRescorer rescorer;
            try {
                rescorer = NBestRescorer.fromConfig(folder, lm.config()).orElse(null);
            } catch (IOException | RuntimeException e) {
                lm.close();
                throw e;
            }
            JsonNode rewrite = lm.config().path("sws_rewrite");
            if (!rewrite.isMissingNode() && !rewrite.isBoolean()) {
                lm.close();
                throw new dev.sws.core.model.ModelContractException(folder + "/config.json: sws_rewrite must be true or false");
            }
            return new TranscriptCorrector(folder.getFileName().toString(), lm, tok, f, rescorer, rewrite.asBoolean(true));
        } catch (IOException | RuntimeException e) {
            tok.close();
            throw e;
        }
    }

    private static String chatTemplate(Path folder) throws IOException {
        Path p = folder.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(p)) {
            return "";
        }
        JsonNode t = JSON.readTree(p.toFile()).path("chat_template");
        return t.isTextual() ? t.asText() : t.toString();
    }

    /** Whether the model folder asks for the model's rewrite (config.json {@code "sws_rewrite"}, true when absent). */
    public boolean rewritesByDefault() {
        return rewritesByDefault;
    }

    /** Whether this corrector has an n-gram LM for rescoring (config.json {@code sws_ngram}). */
    public boolean hasRescorer() {
        return rescorer != null;
    }

    public CorrectionPrompt.Format format() {
        return format;
    }

    public String id() {
        return id;
    }

    public Device device() {
        return lm.device();
    }

    /**
     * Corrects one segment; an empty segment, or one with no n-best list, comes back unchanged. Thread-safe: the options
     * come with the call, and the model's sessions are shared read-only.
     */
    public Correction correct(Segment segment, String previousText, CorrectionOptions options, BooleanSupplier cancelled) {
        List<NBestEntry> nbest = segment.nbest().isEmpty()
                ? List.of(new NBestEntry(segment.text(), 0)) : segment.nbest();
        return correct(segment.text(), nbest, previousText, options, cancelled);
    }

    /**
     * The model's rewrite (when {@code options.generating()}, or by default the model folder's {@code sws_rewrite}: the
     * house corrector ships with it off, because its rewrites cost more words than they fixed on the tuning sets, ADR
     * 0008), then, when nothing changed, the n-gram rescoring's choice among the hypotheses.
     */
    public Correction correct(String original, List<NBestEntry> nbest, String previousText, CorrectionOptions options,
                              BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        if (original.isBlank() || nbest.isEmpty()) {
            return Correction.unchanged(original, "empty segment", 0);
        }
        if (format == CorrectionPrompt.Format.NBEST_V1) {
            // the house model learned on recogniser output: lowercase words, digits spelled, no punctuation; typed
            // text ("Hello. Call me at 9!") is put in that form, not shown as it is (its answers were gibberish)
            nbest = nbest.stream().map(h -> new NBestEntry(TextNormalizer.normalize(h.text()), h.logProb())).toList();
            previousText = previousText == null ? null : TextNormalizer.normalize(previousText);
        }
        if (isLoneWord(original, previousText)) {
            return Correction.unchanged(original, "one word with nothing before it: only its sound can tell", 0)
                    .withMillis((System.nanoTime() - t0) / 1e6);
        }
        boolean generating = options.generating() == null ? rewritesByDefault : options.generating();
        Correction c = generating ? rewrite(original, nbest, previousText, options, cancelled)
                : Correction.unchanged(original, "the model's rewrite is off", 0);
        HypothesisRescorer r = options.rescorer() != null ? options.rescorer() : rescorer;
        if (!c.changed() && options.rescoring() && r != null) {
            var choice = r.choose(nbest);
            if (choice.isPresent()) {
                int topWords = wordCount(TextNormalizer.normalize(nbest.getFirst().text()));
                int chosenWords = wordCount(choice.get().text());
                c = withinLengthWindow(topWords, chosenWords)
                        ? Correction.rescored(original, choice.get().text(), r.describe(choice.get()), 0)
                        : Correction.rejected(original, choice.get().text(), r.describe(choice.get()) + "; length "
                                + chosenWords + " words against " + topWords, 0);
            }
        }
        return c.withMillis((System.nanoTime() - t0) / 1e6);
    }

    /** The model's guarded, confidence-gated rewrite of one segment (unchanged when a guard or the margin says no). */
    private Correction rewrite(String original, List<NBestEntry> nbest, String previousText, CorrectionOptions options,
                               BooleanSupplier cancelled) {
        String prompt = CorrectionPrompt.render(format, previousText, nbest);
        Set<Long> allowed = null;
        if (options.constrained()) {
            allowed = new HashSet<>(stop);
            for (NBestEntry h : nbest.subList(0, Math.min(CorrectionPrompt.MAX_HYPS, nbest.size()))) {
                for (String w : CorrectionPrompt.clean(h.text()).split(" ")) {
                    for (long id : tok.encode(" " + w)) {
                        allowed.add(id);
                    }
                    for (long id : tok.encode(w)) {
                        allowed.add(id);
                    }
                }
            }
        }
        int words = CorrectionPrompt.clean(original).split(" ").length;
        long[] promptIds = tok.encode(prompt);
        long[] out = lm.generate(promptIds, new Generation(Math.min(256, 8 + 4 * words * 2), stop, allowed),
                cancelled);
        String answer = TextNormalizer.normalize(tok.decode(out).toLowerCase(Locale.ROOT));
        Correction c = guard(original, nbest, answer, options, 0);
        double margin = options.margin();
        if (c.changed() && margin > 0) {
            double[] lp = lm.logProbs(promptIds, withStop(c.corrected()), withStop(TextNormalizer.normalize(original)));
            double gain = lp[0] - lp[1];
            if (gain < margin) {
                c = Correction.rejected(original, c.corrected(), String.format(Locale.ROOT,
                        "not confident: %.2f nats over keeping it (needs %.1f)", gain, margin), 0);
            }
        }
        return c;
    }

    /**
     * A segment of one word with no text before it gives a language model nothing to weigh but the word itself, and
     * the recogniser's search has already weighed that against the sound. Measured on every real set with
     * text: such rewrites were right 2 times ("sixty" → "sixtieth"), wrong 7 ("six" → "fix", "zero" → "fear",
     * "eight" → "cake") and neither 5 — so these segments are kept as heard, by generation and rescoring alike.
     */
    static boolean isLoneWord(String original, String previousText) {
        return CorrectionPrompt.clean(TextNormalizer.normalize(original)).split(" ").length == 1
                && (previousText == null || previousText.isBlank());
    }

    /** An answer as the model would write it: leading space, then the stop token that ends it. */
    private long[] withStop(String text) {
        long[] body = tok.encode(" " + text);
        long[] w = java.util.Arrays.copyOf(body, body.length + 1);
        w[body.length] = lm.primaryEos() >= 0 ? lm.primaryEos() : stop.stream().mapToLong(Long::longValue).min().orElseThrow();
        return w;
    }

    private Correction guard(String original, List<NBestEntry> nbest, String answer, CorrectionOptions options, double ms) {
        String top = TextNormalizer.normalize(original);
        if (answer.isBlank()) {
            return Correction.unchanged(original, "the model gave no text", ms);
        }
        if (answer.equals(top)) {
            return Correction.unchanged(original, "no change", ms);
        }
        String dropped = droppedConsensusWord(nbest, answer);
        if (dropped != null) {
            return Correction.rejected(original, answer, "drops \"" + dropped + "\", which every hypothesis heard", ms);
        }
        String invented = inventedWord(nbest, answer, rescorer == null ? w -> false : rescorer.lm()::knows);
        if (invented != null) {
            return Correction.rejected(original, answer, "\"" + invented + "\" is neither in a hypothesis nor a known word", ms);
        }
        String repeated = repeatedPhrase(nbest, answer);
        if (repeated != null) {
            return Correction.rejected(original, answer, "repeats \"" + repeated + "\" more often than any hypothesis", ms);
        }
        double gap = acousticGap(nbest, answer);
        if (gap > options.acousticVeto()) {
            return Correction.rejected(original, answer, String.format(Locale.ROOT,
                    "the recogniser scored it %.1f nats below what it heard (veto above %.1f)", gap, options.acousticVeto()), ms);
        }
        int topWords = top.split(" ").length;
        int answerWords = answer.split(" ").length;
        int nearest = Integer.MAX_VALUE;
        for (NBestEntry h : nbest) {
            String ht = TextNormalizer.normalize(h.text());
            nearest = Math.min(nearest, WordErrorRate.compare(ht, answer).errors());
        }
        int budget = Math.max(1, (int) Math.floor(options.editBudget() * topWords));
        if (nearest > budget) {
            return Correction.rejected(original, answer, "rewrites " + nearest + " words of the nearest candidate (budget "
                    + budget + ")", ms);
        }
        if (!withinLengthWindow(topWords, answerWords)) {
            return Correction.rejected(original, answer, "length " + answerWords + " words against " + topWords, ms);
        }
        return Correction.changed(original, answer, ms);
    }

    /**
     * The length window of every change, rewritten or rescored: from half the words of the recogniser's best hypothesis
     * less one to 1.5 times plus two. A shorter hypothesis can score well by dropping words whose sound the recogniser
     * was unsure of (allison-train "iax note does not say two" → "iax").
     */
    static boolean withinLengthWindow(int topWords, int words) {
        return words <= topWords * 1.5 + 2 && words >= topWords * 0.5 - 1;
    }

    private static int wordCount(String text) {
        return text.isBlank() ? 0 : text.split(" ").length;
    }

    /**
     * A word that every hypothesis the model saw contains (as often as the answer must keep it) but the answer lacks,
     * or null. Agreement across the n-best list is the recogniser's confidence: the model may fix the words the
     * hypotheses disagree on, not remove one they all heard. A lone hypothesis (text without alternatives) disputes
     * nothing, so none of its words may go: dropping them was all the model did there ("line one" → "line").
     */
    static String droppedConsensusWord(List<NBestEntry> nbest, String answer) {
        List<NBestEntry> shown = shown(nbest);
        if (shown.isEmpty()) {
            return null;
        }
        Map<String, Integer> common = null;
        for (NBestEntry h : shown) {
            Map<String, Integer> counts = wordCounts(TextNormalizer.normalize(h.text()));
            if (common == null) {
                common = counts;
            } else {
                common.replaceAll((w, n) -> Math.min(n, counts.getOrDefault(w, 0)));
            }
        }
        Map<String, Integer> kept = wordCounts(answer);
        for (var e : common.entrySet()) {
            if (kept.getOrDefault(e.getKey(), 0) < e.getValue()) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * A word of {@code answer} that no hypothesis the model saw contains and that {@code known} rejects, or null.
     * Constrained decoding allows the hypotheses' tokens, and recombining them can spell a word nobody said.
     */
    static String inventedWord(List<NBestEntry> nbest, String answer, java.util.function.Predicate<String> known) {
        Set<String> heard = new HashSet<>();
        for (NBestEntry h : shown(nbest)) {
            heard.addAll(wordCounts(TextNormalizer.normalize(h.text())).keySet());
        }
        for (String w : wordCounts(answer).keySet()) {
            if (!heard.contains(w) && !known.test(w)) {
                return w;
            }
        }
        return null;
    }

    /**
     * A phrase of {@value #REPEAT_WORDS} words that {@code answer} contains more often than every hypothesis the model
     * saw (and at least twice), or null: the sign of a model that loops.
     */
    static String repeatedPhrase(List<NBestEntry> nbest, String answer) {
        List<Map<String, Integer>> heard = shown(nbest).stream()
                .map(h -> phraseCounts(TextNormalizer.normalize(h.text()))).toList();
        for (var e : phraseCounts(answer).entrySet()) {
            int most = heard.stream().mapToInt(c -> c.getOrDefault(e.getKey(), 0)).max().orElse(0);
            if (e.getValue() >= 2 && e.getValue() > most) {
                return e.getKey();
            }
        }
        return null;
    }

    static final int REPEAT_WORDS = 3;

    private static Map<String, Integer> phraseCounts(String text) {
        String[] w = text.isBlank() ? new String[0] : text.split(" ");
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i + REPEAT_WORDS <= w.length; i++) {
            m.merge(String.join(" ", java.util.Arrays.copyOfRange(w, i, i + REPEAT_WORDS)), 1, Integer::sum);
        }
        return m;
    }

    private static List<NBestEntry> shown(List<NBestEntry> nbest) {
        return nbest.subList(0, Math.min(CorrectionPrompt.MAX_HYPS, nbest.size()));
    }

    /** Best score of the n-best list minus the best score of the hypotheses that read as {@code answer}; 0 if none. */
    static double acousticGap(List<NBestEntry> nbest, String answer) {
        double best = Double.NEGATIVE_INFINITY;
        double same = Double.NEGATIVE_INFINITY;
        for (NBestEntry h : nbest) {
            best = Math.max(best, h.logProb());
            if (TextNormalizer.normalize(h.text()).equals(answer)) {
                same = Math.max(same, h.logProb());
            }
        }
        return same == Double.NEGATIVE_INFINITY ? 0 : best - same;
    }

    private static Map<String, Integer> wordCounts(String text) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String w : text.split(" ")) {
            if (!w.isEmpty()) {
                m.merge(w, 1, Integer::sum);
            }
        }
        return m;
    }

    @Override
    public void close() {
        try {
            lm.close();
        } finally {
            tok.close();
        }
    }
}
