package dev.sws.workstation.service;

import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.Word;
import dev.sws.asr.correction.Correction;
import dev.sws.asr.correction.CorrectionOptions;
import dev.sws.asr.correction.TranscriptCorrector;
import dev.sws.asr.mlm.BertInstaller;
import dev.sws.asr.mlm.MlmRescorer;
import dev.sws.asr.punct.Punctuator;
import dev.sws.core.exec.Progress;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.model.ModelStore;
import dev.sws.core.settings.Settings;
import dev.sws.core.util.UserFacingException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transcript correction with an installed LLM ({@code task: llm}): loads models lazily (checksums first), keeps
 * them, and runs one correction at a time per model (a corrector owns one session). Segments are corrected in
 * order, each with the previous segment's final text as context.
 */
public final class CorrectionService implements AutoCloseable {

    /** A transcript's segments with the correction proposed for each (same order). */
    public record Result(Transcript original, List<Correction> corrections) {
        /** The transcript with every accepted (guard-passing) correction applied. */
        public Transcript applied() {
            List<Segment> out = new ArrayList<>();
            for (int i = 0; i < original.segments().size(); i++) {
                out.add(apply(original.segments().get(i), corrections.get(i)));
            }
            return original.withSegments(out);
        }

        public long changed() {
            return corrections.stream().filter(Correction::changed).count();
        }

        public long rejected() {
            return corrections.stream().filter(c -> c.status() == Correction.Status.REJECTED).count();
        }
    }

    private final ModelStore models;
    private final InferenceRuntime runtime;
    private final Supplier<Settings> settings;
    private final DevicePolicy devices;
    private final ModelCache<TranscriptCorrector> loaded;
    private final ModelCache<MlmRescorer> maskedLms;

    public CorrectionService(ModelStore models, InferenceRuntime runtime, Supplier<Settings> settings,
                             DevicePolicy devices, ModelCache<TranscriptCorrector> cache, ModelCache<MlmRescorer> maskedLms) {
        this.models = models;
        this.runtime = runtime;
        this.settings = settings;
        this.devices = devices;
        this.loaded = cache;
        this.maskedLms = maskedLms;
    }

    /** How the n-best lists are rescored: the masked LM when one is installed, else the corrector's n-gram. */
    public enum Rescoring { AUTO, MASKED_LM, NGRAM }

    /** The installed masked LM ({@code task: mlm}), if any. */
    public java.util.Optional<InstalledModel> maskedLm() {
        return models.defaultFor("mlm", null);
    }

    /**
     * Installs the masked LM ({@link BertInstaller}) into the user's model folder from {@code repo} (a Maven repository);
     * resumable, cancellable through {@code progress}.
     */
    public java.nio.file.Path installMaskedLm(java.net.URI repo, Progress progress) throws java.io.IOException {
        return new BertInstaller(models.userDir()).install(repo, runtime, progress);
    }

    private MlmRescorer loadMaskedLm(InstalledModel m) {
        return maskedLms.get(m, devices.forTask(Settings.Task.CORRECTION),
                (im, d) -> MlmRescorer.load(im.dir(), runtime, d, devices.threads()));
    }

    public InstalledModel resolve(String id) {
        if (id == null || id.isBlank()) {
            id = settings.get().correction().modelId();   // the settings' choice, else the default
        }
        String wanted = id;
        return models.defaultFor("llm", wanted).orElseThrow(() -> new UserFacingException(wanted == null || wanted.isBlank()
                ? "No correction model is installed; see 'sws models list'."
                : "No correction model named '" + wanted + "' is installed; see 'sws models list'."));
    }

    private TranscriptCorrector load(String id) {
        return loaded.get(resolve(id), devices.forTask(Settings.Task.CORRECTION),
                (m, d) -> TranscriptCorrector.load(m.dir(), runtime, d, devices.threads()));
    }

    /**
     * Whether the model writes its own answer (config.json {@code sws_rewrite}); without it, correction only chooses
     * among the recogniser's hypotheses, so text without n-best lists stays as it is.
     */
    public boolean rewrites(String modelId) {
        return load(modelId).rewritesByDefault();   // fixed when the model loads: no lock needed
    }

    /** Corrects every non-empty segment of {@code t}; cancellable through {@code progress}. */
    public Result correct(Transcript t, String modelId, Progress progress) {
        return correct(t, modelId, TranscriptCorrector.DEFAULT_MARGIN, true, null, progress);
    }

    /**
     * As {@link #correct(Transcript, String, Progress)} with a given confidence margin (nats; 0 = no gate) and with or
     * without the corrector's n-gram rescoring of the n-best list, and with the model's rewrite on, off, or as the
     * model folder says ({@code generate} null) — on or off only to measure what each part does.
     */
    public Result correct(Transcript t, String modelId, double margin, boolean rescore, Boolean generate,
                          Progress progress) {
        return correct(t, modelId, margin, rescore ? Rescoring.AUTO : null, generate, progress);
    }

    /**
     * As {@link #correct(Transcript, String, double, boolean, Boolean, Progress)} with the rescoring named: null for
     * none, {@code AUTO} for the masked LM when installed else the corrector's n-gram, or either one.
     */
    public Result correct(Transcript t, String modelId, double margin, Rescoring rescoring, Boolean generate,
                          Progress progress) {
        TranscriptCorrector c = load(modelId);
        CorrectionOptions options = CorrectionOptions.defaults().withMargin(margin).withRescoring(rescoring != null)
                .withGenerating(generate).withEditBudget(settings.get().correction().maxEditRatio());
        if (rescoring == Rescoring.MASKED_LM || rescoring == Rescoring.AUTO) {
            var m = maskedLm();
            if (m.isEmpty() && rescoring == Rescoring.MASKED_LM) {
                throw new UserFacingException("No masked language model is installed; run 'sws models install "
                        + BertInstaller.ID + "'.");
            }
            if (m.isPresent()) {
                options = options.withRescorer(loadMaskedLm(m.get()));
            }
        }
        List<Correction> out = new ArrayList<>();
        String previous = "";
        int n = 0;
        for (Segment s : t.segments()) {
            progress.checkCancelled();
            Correction r = c.correct(plain(s), previous, options, progress::isCancelled);
            out.add(r);
            previous = r.corrected();
            progress.update(++n, t.segments().size(), "correcting");
        }
        return new Result(t, out);
    }

    /**
     * The segment as the corrector reads it: the recogniser's words (punctuation and capitals, if any, taken off text
     * and words).
     */
    static Segment plain(Segment s) {
        List<Word> ws = new ArrayList<>(s.words().size());
        for (Word w : s.words()) {
            ws.add(new Word(Punctuator.plain(w.text()), w.start(), w.end(), w.confidence()));
        }
        return s.withText(Punctuator.plain(s.text()), ws);
    }

    /**
     * One segment with a correction applied, its punctuation and capitals carried over ({@link Punctuator#carry});
     * word timestamps are kept when the word count is unchanged.
     */
    public static Segment apply(Segment s, Correction c) {
        if (!c.changed()) {
            return s;
        }
        String text = Punctuator.carry(s.text(), c.corrected());
        String[] words = text.split(" ");
        List<Word> ws = new ArrayList<>();
        if (words.length == s.words().size()) {
            for (int i = 0; i < words.length; i++) {
                Word w = s.words().get(i);
                ws.add(new Word(words[i], w.start(), w.end(), w.confidence()));
            }
        }
        return s.withText(text, ws);
    }

    @Override
    public void close() {
        try {
            loaded.close();
        } finally {
            maskedLms.close();
        }
    }
}
