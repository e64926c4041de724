package dev.sws.asr.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prediction network ({@code decoder.onnx}: an LSTM whose two states are addressed by position, as
 * sherpa-onnx does) and the joint network ({@code joiner.onnx}) of a NeMo transducer. Both run batched over
 * hypotheses; the joiner's output is turned into log-probabilities here whether or not the export applied
 * log-softmax.
 */
public final class TransducerHead implements AutoCloseable {

    static final List<TensorSpec> DEC_IN = List.of(TensorSpec.i32("targets", 2), TensorSpec.i32("target_length", 1),
            TensorSpec.f32(null, 3), TensorSpec.f32(null, 3));
    static final List<TensorSpec> DEC_OUT = List.of(TensorSpec.f32(null, 3), TensorSpec.any(null, 1), TensorSpec.f32(null, 3),
            TensorSpec.f32(null, 3));
    static final List<TensorSpec> JOIN_IN = List.of(TensorSpec.f32("encoder_outputs", 3), TensorSpec.f32("decoder_outputs", 3));
    static final List<TensorSpec> JOIN_OUT = List.of(TensorSpec.f32(null, 4));

    private final OwnedSession decoder;
    private final OwnedSession joiner;
    private final int layers;
    private final int hidden;

    /** Batched decoder step: outputs (N × H) and next states (N × layers·H each). */
    public record DecoderOut(float[][] out, float[][] h, float[][] c) {}

    public TransducerHead(OwnedSession decoder, OwnedSession joiner, int layers, int hidden) {
        TensorSpec.checkInputs(decoder, DEC_IN);
        TensorSpec.checkOutputs(decoder, DEC_OUT);
        TensorSpec.checkInputs(joiner, JOIN_IN);
        TensorSpec.checkOutputs(joiner, JOIN_OUT);
        long[] st = TensorSpec.inputShape(decoder, 2);
        if ((st[0] > 0 && st[0] != layers) || (st[2] > 0 && st[2] != hidden)) {
            throw new dev.sws.core.model.ModelContractException(decoder.file().getFileName() + ": state input "
                    + decoder.inputNames().get(2) + " has shape " + java.util.Arrays.toString(st) + ", but the encoder metadata says "
                    + "pred_rnn_layers=" + layers + ", pred_hidden=" + hidden + ".");
        }
        this.decoder = decoder;
        this.joiner = joiner;
        this.layers = layers;
        this.hidden = hidden;
    }

    public int hidden() {
        return hidden;
    }

    public int layers() {
        return layers;
    }

    /** Zero LSTM state for one hypothesis. */
    public float[] zeroState() {
        return new float[layers * hidden];
    }

    public DecoderOut decode(int[] tokens, float[][] h, float[][] c) {
        int n = tokens.length;
        float[] hs = new float[layers * n * hidden];
        float[] cs = new float[layers * n * hidden];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < layers; l++) {
                System.arraycopy(h[i], l * hidden, hs, (l * n + i) * hidden, hidden);
                System.arraycopy(c[i], l * hidden, cs, (l * n + i) * hidden, hidden);
            }
        }
        int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        var env = decoder.env();
        List<String> names = decoder.inputNames();
        try (OnnxTensor tt = OnnxTensor.createTensor(env, IntBuffer.wrap(tokens), new long[]{n, 1});
             OnnxTensor tl = OnnxTensor.createTensor(env, IntBuffer.wrap(ones), new long[]{n});
             OnnxTensor th = OnnxTensor.createTensor(env, FloatBuffer.wrap(hs), new long[]{layers, n, hidden});
             OnnxTensor tc = OnnxTensor.createTensor(env, FloatBuffer.wrap(cs), new long[]{layers, n, hidden})) {
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put(names.get(0), tt);
            in.put(names.get(1), tl);
            in.put(names.get(2), th);
            in.put(names.get(3), tc);
            try (OrtSession.Result r = decoder.run(in)) {
                FloatBuffer ob = OwnedSession.tensor(r, 0).getFloatBuffer(); // (N, H, 1)
                FloatBuffer hb = OwnedSession.tensor(r, 2).getFloatBuffer();
                FloatBuffer cb = OwnedSession.tensor(r, 3).getFloatBuffer();
                float[][] out = new float[n][hidden];
                for (int i = 0; i < n; i++) {
                    ob.get(out[i]);
                }
                float[] hAll = new float[hb.remaining()];
                float[] cAll = new float[cb.remaining()];
                hb.get(hAll);
                cb.get(cAll);
                float[][] nh = new float[n][layers * hidden];
                float[][] nc = new float[n][layers * hidden];
                for (int i = 0; i < n; i++) {
                    for (int l = 0; l < layers; l++) {
                        System.arraycopy(hAll, (l * n + i) * hidden, nh[i], l * hidden, hidden);
                        System.arraycopy(cAll, (l * n + i) * hidden, nc[i], l * hidden, hidden);
                    }
                }
                return new DecoderOut(out, nh, nc);
            }
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("Speech recognition (decoder)", e);
        }
    }

    /** Log-probabilities over vocabulary + blank for N (encoder frame, decoder output) pairs. */
    public float[][] join(float[][] enc, float[][] dec) {
        int n = enc.length;
        int d = enc[0].length;
        float[] e = new float[n * d];
        float[] p = new float[n * hidden];
        for (int i = 0; i < n; i++) {
            System.arraycopy(enc[i], 0, e, i * d, d);
            System.arraycopy(dec[i], 0, p, i * hidden, hidden);
        }
        var env = joiner.env();
        try (OnnxTensor te = OnnxTensor.createTensor(env, FloatBuffer.wrap(e), new long[]{n, d, 1});
             OnnxTensor tp = OnnxTensor.createTensor(env, FloatBuffer.wrap(p), new long[]{n, hidden, 1});
             OrtSession.Result r = joiner.run(Map.of(joiner.inputNames().get(0), te, joiner.inputNames().get(1), tp))) {
            FloatBuffer ob = OwnedSession.tensor(r, 0).getFloatBuffer();
            int v = ob.remaining() / n;
            float[][] out = new float[n][v];
            for (int i = 0; i < n; i++) {
                ob.get(out[i]);
                logSoftmaxInPlace(out[i]);
            }
            return out;
        } catch (OrtException ex) {
            throw InferenceRuntime.inferenceFailed("Speech recognition (joiner)", ex);
        }
    }

    static void logSoftmaxInPlace(float[] x) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        float lse = (float) (max + Math.log(sum));
        for (int i = 0; i < x.length; i++) {
            x[i] -= lse;
        }
    }

    @Override
    public void close() {
        try {
            decoder.close();
        } finally {
            joiner.close();
        }
    }
}
