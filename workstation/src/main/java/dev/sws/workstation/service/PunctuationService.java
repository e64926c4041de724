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
        Optional<Punctuator> p = punctuator();
        if (p.isEmpty()) {
            return t;
        }
        try {
            return p.get().punctuate(t);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "punctuation failed; the transcript stays as recognised", e);
            return t;
        }
    }

    /**
     * A live segment just finalised, punctuated after the segments before it when the settings ask for it; else (or on
     * failure) as it is.
     */
    public Segment punctuateFinal(Segment s, List<Segment> previous) {
        if (!enabled() || s.isEmpty()) {
            return s;
        }
        Optional<Punctuator> p = punctuator();
        if (p.isEmpty()) {
            return s;
        }
        try {
            return p.get().punctuate(s, previous);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "punctuation failed; the segment stays as recognised", e);
            return s;
        }
    }

    @Override
    public void close() {
        loaded.close();
    }
}
