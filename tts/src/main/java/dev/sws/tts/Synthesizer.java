package dev.sws.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Long text → speech in a reference voice: chunks the text ({@link TtsText}), renders chunk after chunk
 * ({@link SpeechModel#render}), and hands each chunk to the listener as soon as it is ready (cross-faded with its
 * neighbours), so playback starts after the first chunk. Cancellable between sampler steps.
 */
public final class Synthesizer {

    /** Receives audio as it is rendered; chunks arrive in order on the rendering thread. */
    public interface Listener {
        void audio(float[] samples, int chunk, int chunks);

        default void progress(int chunk, int chunks, int step, int steps) {
        }

        /** With several takes: which take of a chunk was kept and the word error rate the judge heard in it. */
        default void take(int chunk, int take, int takes, double errorRate) {
        }
    }

    /**
     * Hears a rendered chunk: the word error rate (0 = every word understood) of a recogniser on {@code audio} against
     * the normalised {@code text}. Used to keep the best of several takes.
     */
    @FunctionalInterface
    public interface Judge {
        double errorRate(float[] audio, int sampleRate, String text);
    }

    /** Characters per chunk: long enough for natural prosody, short enough for a quick first chunk. */
    public static final int MAX_CHUNK_CHARS = 160;
    /** The first chunk is shorter, so the first audio comes sooner. */
    public static final int FIRST_CHUNK_CHARS = 60;

    /** The most takes per chunk: each costs a full rendering (the settings' bound, so a saved preference always fits). */
    public static final int MAX_TAKES = dev.sws.core.settings.Settings.Tts.MAX_TAKES;

    private final SpeechModel model;
    private final int takes;
    private final Judge judge;

    public Synthesizer(SpeechModel model) {
        this(model, 1, null);
    }

    /**
     * Renders each chunk up to {@code takes} times (other noise each time) and keeps the take the judge understands
     * best; stops early at a take it hears without error. The first take is the one a single-take synthesizer gives.
     */
    public Synthesizer(SpeechModel model, int takes, Judge judge) {
        checkTakes(takes);
        if (takes > 1 && judge == null) {
            throw new IllegalArgumentException("Several takes need a judge to choose between them.");
        }
        this.model = model;
        this.takes = takes;
        this.judge = judge;
    }

    /** Rejects a number of takes outside 1..{@link #MAX_TAKES} with a message for the user. */
    public static void checkTakes(int takes) {
        if (takes < 1 || takes > MAX_TAKES) {
            throw new IllegalArgumentException("Takes per sentence must be between 1 and " + MAX_TAKES + ", not " + takes + ".");
        }
    }

    public SpeechModel model() {
        return model;
    }

    /**
     * A prepared reference: its audio (model rate), its log mel when the model conditions on mel (else null), and its
     * transcript (normalised).
     */
    public record Reference(float[] audio, float[][] mel, String text) {
        public Reference {
            if (audio.length == 0 || text.isBlank()) {
                throw new IllegalArgumentException("A reference needs audio and its transcript.");
            }
        }
    }

    /** Normalised transcript of a reference: the words of all its chunks. */
    public static String normaliseTranscript(String transcript) {
        String norm = String.join(" ", TtsText.chunks(transcript, Integer.MAX_VALUE));
        if (norm.isBlank()) {
            throw new IllegalArgumentException("The reference transcript has no speakable words.");
        }
        return norm;
    }

    public Reference reference(float[] audio, String transcript) {
        return model.prepare(audio, transcript);
    }

    /** Renders all of {@code text}; returns the whole audio (also streamed to the listener). */
    public float[] synthesize(String text, Reference ref, SamplerOptions options, BooleanSupplier cancelled, Listener listener) {
        List<String> chunks = TtsText.chunks(text, MAX_CHUNK_CHARS, FIRST_CHUNK_CHARS);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("The text has nothing to say: no letters or numbers after normalisation.");
        }
        int sr = model.sampleRate();
        CrossFader fader = new CrossFader(sr * 30 / 1000);
        List<float[]> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            int chunk = i;
            // every chunk gets its own noise, derived from the seed, so chunks do not share artefacts
            SamplerOptions o = options.withSeed(options.seed() * 1_000_003L + i);
            float[] audio = render(ref, chunks.get(i), o, cancelled, chunk, chunks.size(), listener);
            float[] pause = new float[sr * 80 / 1000];
            float[] ready = fader.push(concat(audio, pause));
            parts.add(ready);
            listener.audio(ready, i, chunks.size());
        }
        float[] tail = fader.finish();
        parts.add(tail);
        listener.audio(tail, chunks.size() - 1, chunks.size());
        return concat(parts);
    }

    /** One chunk: the single take, or the best of {@link #takes} by the judge (the earliest among equals). */
    private float[] render(Reference ref, String text, SamplerOptions o, BooleanSupplier cancelled, int chunk, int chunks,
                           Listener listener) {
        int steps = takes * o.nfe();
        float[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        int bestTake = 0;
        for (int k = 0; k < takes; k++) {
            int done = k * o.nfe();
            float[] audio = model.render(ref, text, o.withSeed(o.seed() + 7_919L * k), cancelled,
                    step -> listener.progress(chunk, chunks, done + step, steps));
            if (takes == 1) {
                return audio;
            }
            double error = judge.errorRate(audio, model.sampleRate(), text);
            if (error < bestError) {
                best = audio;
                bestError = error;
                bestTake = k;
            }
            if (bestError == 0) {
                break;
            }
        }
        listener.take(chunk, bestTake, takes, bestError);
        return best;
    }

    /** The parts one after another. */
    static float[] concat(List<float[]> parts) {
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
