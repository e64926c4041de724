package dev.sws.audio.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Silero VAD v5/v6 (ONNX, MIT) at 16 kHz: windows of 512 new samples, each prefixed by the previous 64 samples
 * of context, with the recurrent state {@code state} (2, 1, 128) carried between calls.
 *
 * <p>Contract: inputs {@code input} (B, 576) float, {@code state} (2, B, 128) float, {@code sr} int64 scalar;
 * outputs {@code output} (B, 1) speech probability and {@code stateN}.
 */
public final class SileroVad implements VoiceActivityDetector {

    private static final int WINDOW = 512;
    private static final int CONTEXT = 64;
    private static final int RATE = 16000;

    private final OwnedSession session;
    private final boolean ownsSession;
    private final float[] input = new float[CONTEXT + WINDOW];
    private float[] state = new float[2 * 128];

    /** A detector with its own session (closed with it). */
    public SileroVad(InferenceRuntime runtime, Path modelFile) {
        this(open(runtime, modelFile), true);
    }

    private SileroVad(OwnedSession session, boolean ownsSession) {
        this.session = session;
        this.ownsSession = ownsSession;
    }

    /**
     * A detector with its own state over a session that several detectors share (runs are thread-safe); closing the
     * detector leaves the session open for its owner to close.
     */
    public static SileroVad over(OwnedSession shared) {
        return new SileroVad(shared, false);
    }

    /** Opens the model on the CPU (one thread) and checks its contract. */
    public static OwnedSession open(InferenceRuntime runtime, Path modelFile) {
        OwnedSession s = runtime.open(modelFile, Device.CPU, 1);
        try {
            TensorSpec.checkInputs(s, List.of(TensorSpec.f32("input", 2), TensorSpec.f32("state", 3), TensorSpec.i64("sr", -1)));
            TensorSpec.checkOutputs(s, List.of(TensorSpec.f32("output", 2), TensorSpec.f32("stateN", 3)));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public int windowSize() {
        return WINDOW;
    }

    @Override
    public int sampleRate() {
        return RATE;
    }

    @Override
    public float process(float[] window, int off) {
        System.arraycopy(window, off, input, CONTEXT, WINDOW);
        var env = session.env();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[]{1, CONTEXT + WINDOW});
             OnnxTensor st = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[]{2, 1, 128});
             OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{RATE}), new long[]{});
             OrtSession.Result r = session.run(Map.of("input", x, "state", st, "sr", sr))) {
            float p = OwnedSession.tensor(r, 0).getFloatBuffer().get(0);
            FloatBuffer next = OwnedSession.tensor(r, 1).getFloatBuffer();
            next.get(state);
            System.arraycopy(input, WINDOW, input, 0, CONTEXT); // last 64 samples become the next context
            return p;
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("Voice activity detection", e);
        }
    }

    /**
     * {@link VoiceActivityDetector#processAll} as one call of the session when every detector is a Silero detector
     * over the same session (each row with its own context and state); null otherwise.
     */
    static float[] processAll(List<? extends VoiceActivityDetector> detectors, List<float[]> windows) {
        int b = detectors.size();
        if (b < 2 || !(detectors.getFirst() instanceof SileroVad first)) {
            return null;
        }
        for (VoiceActivityDetector d : detectors) {
            if (!(d instanceof SileroVad v) || v.session != first.session) {
                return null;
            }
        }
        int n = CONTEXT + WINDOW;
        float[] in = new float[b * n];
        float[] st = new float[2 * b * 128];
        for (int i = 0; i < b; i++) {
            SileroVad v = (SileroVad) detectors.get(i);
            System.arraycopy(v.input, 0, in, i * n, CONTEXT);
            System.arraycopy(windows.get(i), 0, in, i * n + CONTEXT, WINDOW);
            System.arraycopy(v.state, 0, st, i * 128, 128);            // state (2, B, 128): layer 0, then layer 1
            System.arraycopy(v.state, 128, st, (b + i) * 128, 128);
        }
        var env = first.session.env();
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[]{b, n});
             OnnxTensor state = OnnxTensor.createTensor(env, FloatBuffer.wrap(st), new long[]{2, b, 128});
             OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[]{RATE}), new long[]{});
             OrtSession.Result r = first.session.run(Map.of("input", x, "state", state, "sr", sr))) {
            float[] p = new float[b];
            OwnedSession.tensor(r, 0).getFloatBuffer().get(p);
            float[] next = new float[2 * b * 128];
            OwnedSession.tensor(r, 1).getFloatBuffer().get(next);
            for (int i = 0; i < b; i++) {
                SileroVad v = (SileroVad) detectors.get(i);
                System.arraycopy(next, i * 128, v.state, 0, 128);
                System.arraycopy(next, (b + i) * 128, v.state, 128, 128);
                System.arraycopy(in, i * n + WINDOW, v.input, 0, CONTEXT);   // the window's last 64 samples
            }
            return p;
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("Voice activity detection", e);
        }
    }

    @Override
    public void reset() {
        state = new float[2 * 128];
        java.util.Arrays.fill(input, 0);
    }

    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }
}
