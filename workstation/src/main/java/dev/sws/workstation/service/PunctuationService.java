package dev.sws.workstation.service;

import dev.sws.asr.Segment;
import dev.sws.asr.Transcript;
import dev.sws.asr.punct.Punctuator;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.model.ModelStore;
import dev.sws.core.settings.Settings;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Punctuation and capitals for finished text ({@link Punctuator}), when the settings ask for it and a model is
 * installed. It never loses a transcript: when the model is missing or fails, the text stays as the recogniser wrote
 * it (logged). Runs on the correction task's device. Thread-safe (the model keeps no state between calls).
 */
public final class PunctuationService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PunctuationService.class.getName());

    private final ModelStore models;
    private final InferenceRuntime runtime;
    private final Supplier<Settings> settings;
    private final DevicePolicy devices;
    private final ModelCache<Punctuator> loaded;

    public PunctuationService(ModelStore models, InferenceRuntime runtime, Supplier<Settings> settings,
                              DevicePolicy devices, ModelCache<Punctuator> cache) {
        this.models = models;
        this.runtime = runtime;
        this.settings = settings;
        this.devices = devices;
        this.loaded = cache;
    }

    /** The installed punctuation model, if any. */
    public Optional<InstalledModel> model() {
        return models.defaultFor(Punctuator.TASK, null);
    }

    /** Whether the settings ask for punctuation and capitals. */
    public boolean enabled() {
        return settings.get().asr().punctuate();
    }

    /** The loaded model, or empty when none is installed or it cannot load (logged). */
    public Optional<Punctuator> punctuator() {
        Optional<InstalledModel> m = model();
        if (m.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(loaded.get(m.get(), devices.forTask(Settings.Task.CORRECTION),
                    (im, d) -> Punctuator.load(im.dir(), runtime, d, devices.threads())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the punctuation model " + m.get().id() + " does not load; text stays unpunctuated", e);
            return Optional.empty();
        }
    }

    /** {@code t} punctuated when the settings ask for it, else as it is. */
    public Transcript punctuate(Transcript t) {
        return enabled() ? punctuate(t, true) : t;
    }

    /** {@code t} punctuated when {@code on} (and a model is installed), else as it is. */
    public Transcript punctuate(Transcript t, boolean on) {
        if (!on || t.segments().isEmpty()) {
            return t;
        }
        return punctuator().map(p -> safely(t, "transcript", () -> p.punctuate(t))).orElse(t);
    }

    /**
     * What the final segments of one live stream or file go through, decided once as it starts (the settings and the
     * installed model are looked up then, not for every segment): each punctuated after the segments before it when the
     * settings ask for it; else, or on failure, as it is.
     */
    public BiFunction<Segment, List<Segment>, Segment> finisher() {
        Optional<Punctuator> model = enabled() ? punctuator() : Optional.empty();
        if (model.isEmpty()) {
            return (s, previous) -> s;
        }
        Punctuator p = model.get();
        return (s, previous) -> s.isEmpty() ? s : safely(s, "segment", () -> p.punctuate(s, previous));
    }

    /** What {@code work} makes, or {@code asItIs} when the model fails (logged). */
    private static <T> T safely(T asItIs, String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "punctuation failed; the " + what + " stays as recognised", e);
            return asItIs;
        }
    }

    @Override
    public void close() {
        loaded.close();
    }
}
