package dev.sws.audio.classify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;
import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a recording holds, window by window: speech, music or other sound (noise, effects). Runs the house audio-class
 * model ({@code models/house-audio-classes-s1}, format {@code sws-audio-classes-v1}): {@code classes.json} names the
 * classes, the sample rate and the window; {@code classes.onnx} maps {@code audio} (B, window) float to
 * {@code probs} (B, classes). The log-mel front end is inside the graph. Not thread-safe; the owner closes it.
 */
public final class AudioClassifier implements AutoCloseable {
    private static final int BATCH = 32;
    /** Windows quieter than this (RMS, dBFS) are silence and are not classified. */
    static final double SILENCE_DBFS = -55;

    private final OwnedSession session;
    private final List<String> classes;
    private final int rate;
    private final int window;
    private final int hop;

    private AudioClassifier(OwnedSession session, List<String> classes, int rate, int window, int hop) {
        this.session = session;
        this.classes = classes;
        this.rate = rate;
        this.window = window;
        this.hop = hop;
    }

    /** Loads a model folder; a folder that does not follow the contract gets a {@link ModelContractException} naming what differs. */
    public static AudioClassifier load(Path folder, InferenceRuntime runtime) throws IOException {
        Path cfgFile = folder.resolve("classes.json");
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(folder.resolve("classes.onnx"))) {
            throw new ModelContractException(folder + ": an audio-class model needs classes.json and classes.onnx");
        }
        JsonNode cfg = new ObjectMapper().readTree(cfgFile.toFile());
        if (!"sws-audio-classes-v1".equals(cfg.path("format").asText())) {
            throw new ModelContractException(cfgFile + ": format must be \"sws-audio-classes-v1\", not \""
                    + cfg.path("format").asText() + "\"");
        }
        List<String> classes = new ArrayList<>();
        cfg.path("classes").forEach(n -> classes.add(n.asText()));
        int rate = cfg.path("sampleRate").asInt(0);
        int window = cfg.path("window").asInt(0);
        int hop = cfg.path("hop").asInt(window);
        if (!classes.contains("speech") || rate <= 0 || window <= 0 || hop <= 0) {
            throw new ModelContractException(cfgFile + ": needs classes (with \"speech\"), sampleRate, window and hop");
        }
        OwnedSession s = runtime.open(folder.resolve("classes.onnx"), Device.CPU, 1);
        try {
            TensorSpec.checkInputs(s, List.of(TensorSpec.f32("audio", 2)));
            TensorSpec.checkOutputs(s, List.of(TensorSpec.f32("probs", 2)));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return new AudioClassifier(s, List.copyOf(classes), rate, window, hop);
    }

    public List<String> classes() {
        return classes;
    }

    public int sampleRate() {
        return rate;
    }

    /** Class probabilities of each window (hop apart; a recording shorter than a window is padded with silence). */
    public float[][] classify(float[] audio) {
        float[] a = audio.length >= window ? audio : java.util.Arrays.copyOf(audio, window);
        int n = 1 + (a.length - window) / hop;
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += BATCH) {
            int b = Math.min(BATCH, n - from);
            float[] batch = new float[b * window];
            for (int i = 0; i < b; i++) {
                System.arraycopy(a, (from + i) * hop, batch, i * window, window);
            }
            try (OnnxTensor x = OnnxTensor.createTensor(session.env(), FloatBuffer.wrap(batch), new long[]{b, window});
                 OrtSession.Result r = session.run(Map.of("audio", x))) {
                FloatBuffer p = OwnedSession.tensor(r, 0).getFloatBuffer();
                if (p.remaining() != b * classes.size()) {
                    throw new ModelContractException(session.file() + ": probs has " + p.remaining() / b
                            + " classes per window, classes.json names " + classes.size());
                }
                for (int i = 0; i < b; i++) {
                    out[from + i] = new float[classes.size()];
                    p.get(out[from + i]);
                }
            } catch (OrtException e) {
                throw InferenceRuntime.inferenceFailed("Audio classification", e);
            }
        }
        return out;
    }

    /**
     * The share of each class among the recording's non-silent windows (each window counts for its most likely class),
     * or all zero with {@code windows == 0} when the recording is silent.
     */
    public Shares shares(float[] audio) {
        float[][] probs = classify(audio);
        double[] counts = new double[classes.size()];
        int used = 0;
        for (int w = 0; w < probs.length; w++) {
            int from = Math.min(w * hop, audio.length);
            int to = Math.min(from + window, audio.length);
            double e = 0;
            for (int i = from; i < to; i++) {
                e += audio[i] * (double) audio[i];
            }
            double dbfs = 10 * Math.log10(e / Math.max(1, to - from) + 1e-12);
            if (dbfs < SILENCE_DBFS) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < classes.size(); c++) {
                if (probs[w][c] > probs[w][best]) {
                    best = c;
                }
            }
            counts[best]++;
            used++;
        }
        for (int c = 0; c < counts.length; c++) {
            counts[c] = used == 0 ? 0 : counts[c] / used;
        }
        return new Shares(classes, counts, used);
    }

    /** Shares of the non-silent windows per class. */
    public record Shares(List<String> classes, double[] fractions, int windows) {
        public double of(String cls) {
            int i = classes.indexOf(cls);
            return i < 0 ? 0 : fractions[i];
        }

        /** The class most windows belong to, or "silence" when no window was loud enough. */
        public String dominant() {
            if (windows == 0) {
                return "silence";
            }
            int best = 0;
            for (int c = 1; c < fractions.length; c++) {
                if (fractions[c] > fractions[best]) {
                    best = c;
                }
            }
            return classes.get(best);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
