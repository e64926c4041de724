package dev.sws.tts;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;
import dev.sws.core.model.ModelContractException;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The house speaker encoder ({@code speaker.onnx}: log mel (B,T,M) → unit-length embedding (B,D)), on the TTS
 * model's mel. Used to check a cloned voice against its reference and to pick the best reference clip.
 */
public final class SpeakerEncoder implements AutoCloseable {

    static final List<TensorSpec> IN = List.of(TensorSpec.f32("mel", 3));
    static final List<TensorSpec> OUT = List.of(TensorSpec.f32("embedding", 2));

    private final OwnedSession session;
    private final TtsMel mel;

    private SpeakerEncoder(OwnedSession session, TtsMel mel) {
        this.session = session;
        this.mel = mel;
    }

    public static SpeakerEncoder load(Path dir, InferenceRuntime runtime, Device device, int threads) {
        Path f = dir.resolve("speaker.onnx");
        if (!Files.isRegularFile(f)) {
            throw new ModelContractException(dir + " has no speaker encoder (speaker.onnx).");
        }
        TtsConfig config = TtsConfig.read(dir);
        OwnedSession s = runtime.open(f, device, threads);
        try {
            TensorSpec.checkInputs(s, IN);
            TensorSpec.checkOutputs(s, OUT);
            return new SpeakerEncoder(s, new TtsMel(config));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The sample rate the encoder listens at (that of its TTS model's mel). */
    public int sampleRate() {
        return mel.sampleRate();
    }

    /** Embedding of mono audio at the model's sample rate (at least a quarter of a second). */
    public float[] embed(float[] audio) {
        float[][] m = mel.compute(audio);
        if (m.length < 16) {
            throw new IllegalArgumentException("Too little audio for a speaker embedding (under a quarter of a second).");
        }
        int bins = m[0].length;
        float[] flat = new float[m.length * bins];
        for (int f = 0; f < m.length; f++) {
            System.arraycopy(m[f], 0, flat, f * bins, bins);
        }
        OrtSession.Result r = null;
        try (OnnxTensor in = OnnxTensor.createTensor(session.env(), FloatBuffer.wrap(flat), new long[]{1, m.length, bins})) {
            r = session.run(Map.of("mel", in));
            FloatBuffer e = OwnedSession.tensor(r, 0).getFloatBuffer();
            float[] out = new float[e.remaining()];
            e.get(out);
            return out;
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("The speaker encoder", e);
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    /** The lowest cosine between a window's embedding and the whole clip's: low means another voice somewhere. */
    public double consistency(float[] audio, int window) {
        float[] whole = embed(audio);
        double worst = 1.0;
        for (int start = 0; start + window <= audio.length; start += window) {
            worst = Math.min(worst, cosine(embed(java.util.Arrays.copyOfRange(audio, start, start + window)), whole));
        }
        return worst;
    }

    public static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(Math.max(aa * bb, 1e-12));
    }

    @Override
    public void close() {
        session.close();
    }
}
