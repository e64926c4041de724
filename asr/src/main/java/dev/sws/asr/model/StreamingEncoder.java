package dev.sws.asr.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.inference.TensorSpec;
import dev.sws.core.model.ModelContractException;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache-aware streaming encoder of a NeMo export (sherpa-onnx layout). Validates the contract on creation
 * and runs one window for a batch of streams, stacking their caches on dimension 0 and splitting them again.
 *
 * <p>Inputs: {@code audio_signal} (B, feat_dim, T) float, {@code length} (B) int64, {@code cache_last_channel}
 * (B, layers, cache_len, d), {@code cache_last_time} (B, layers, d, conv_ctx), {@code cache_last_channel_len}
 * (B) int64. Outputs (by position): encoder output, encoded lengths, the three next caches. The transducer
 * encoder's output is (B, d, T'); a CTC model's is log-probabilities (B, T', V+1).
 */
public final class StreamingEncoder implements AutoCloseable {

    static final List<TensorSpec> INPUTS = List.of(TensorSpec.f32("audio_signal", 3), TensorSpec.i64("length", 1),
            TensorSpec.f32("cache_last_channel", 4), TensorSpec.f32("cache_last_time", 4),
            TensorSpec.i64("cache_last_channel_len", 1));
    static final List<TensorSpec> OUTPUTS = List.of(TensorSpec.f32(null, 3), TensorSpec.i64(null, 1), TensorSpec.f32(null, 4),
            TensorSpec.f32(null, 4), TensorSpec.i64(null, 1));

    private final OwnedSession session;
    private final boolean ctc;
    private final int featDim;
    private final int windowSize;
    private final int chunkShift;
    private final int subsampling;
    private final int vocabSize;
    private final int[] channelDims; // layers, cache_len, d
    private final int[] timeDims;    // layers, d, conv_ctx
    private final int dropFrames;
    private final int[] supportedChunks;

    /** Maps the model's output for one stream and chunk: frames × dim. */
    public record Output(float[][] frames) {}

    public StreamingEncoder(OwnedSession session, boolean ctc) {
        this.session = session;
        this.ctc = ctc;
        String f = session.file().getFileName().toString();
        TensorSpec.checkInputs(session, INPUTS);
        TensorSpec.checkOutputs(session, OUTPUTS);
        long feat = TensorSpec.inputShape(session, 0)[1];
        this.windowSize = session.metaInt("window_size");
        this.chunkShift = session.metaInt("chunk_shift");
        this.subsampling = session.metaInt("subsampling_factor");
        this.vocabSize = session.metaInt("vocab_size");
        this.channelDims = new int[]{session.metaInt("cache_last_channel_dim1"), session.metaInt("cache_last_channel_dim2"),
                session.metaInt("cache_last_channel_dim3")};
        this.timeDims = new int[]{session.metaInt("cache_last_time_dim1"), session.metaInt("cache_last_time_dim2"),
                session.metaInt("cache_last_time_dim3")};
        String meta = session.metadata().get("feat_dim");
        this.featDim = feat > 0 ? (int) feat : meta != null ? Integer.parseInt(meta.strip()) : 80;
        if (featDim != 80 && featDim != 128) {
            throw new ModelContractException(f + ": input 'audio_signal' has " + featDim + " features; 80 or 128 expected.");
        }
        if (windowSize <= 0 || chunkShift <= 0 || chunkShift > windowSize || subsampling <= 0 || chunkShift % subsampling != 0) {
            throw new ModelContractException(f + ": metadata window_size=" + windowSize + ", chunk_shift=" + chunkShift
                    + ", subsampling_factor=" + subsampling + " are inconsistent.");
        }
        checkCacheShape(f, 2, "cache_last_channel", channelDims);
        checkCacheShape(f, 3, "cache_last_time", timeDims);
        String drop = session.metadata().get("sws_drop_frames");
        this.dropFrames = drop != null ? Integer.parseInt(drop.strip()) : 0;
        String chunks = session.metadata().get("sws_supported_chunks");
        this.supportedChunks = chunks == null ? new int[]{chunkShift / subsampling}
                : Arrays.stream(chunks.split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    private void checkCacheShape(String file, int index, String name, int[] dims) {
        long[] shape = TensorSpec.inputShape(session, index);
        for (int i = 1; i < 4; i++) {
            if (shape[i] > 0 && shape[i] != dims[i - 1]) {
                throw new ModelContractException(file + ": input '" + name + "' has shape " + Arrays.toString(shape)
                        + " but metadata says " + Arrays.toString(dims) + " for dimensions 1..3.");
            }
        }
    }

    public boolean isCtc() {
        return ctc;
    }

    public int featDim() {
        return featDim;
    }

    /** Mel frames fed per step for {@code chunk} encoder frames (0 = the model default). */
    public int windowFor(int chunk) {
        return chunk <= 0 ? windowSize : (windowSize - chunkShift) + chunk * subsampling;
    }

    public int shiftFor(int chunk) {
        return chunk <= 0 ? chunkShift : chunk * subsampling;
    }

    public int defaultChunk() {
        return chunkShift / subsampling;
    }

    /** Chunk sizes (encoder frames) the model was trained for; the first entry when unknown is the default. */
    public int[] supportedChunks() {
        return supportedChunks.clone();
    }

    public int subsampling() {
        return subsampling;
    }

    /** Vocabulary size without the blank, as in the metadata. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Encoder frames dropped at the start of every window (for timestamp alignment; 0 for NeMo exports). */
    public int dropFrames() {
        return dropFrames;
    }

    public OwnedSession session() {
        return session;
    }

    /** A fresh, all-zero cache for one stream. */
    public EncoderCache newCache() {
        return new EncoderCache(new float[channelDims[0] * channelDims[1] * channelDims[2]],
                new float[timeDims[0] * timeDims[1] * timeDims[2]], 0);
    }

    /**
     * Runs one window for each stream.
     *
     * @param windows per stream, {@code window × featDim} row-major mel frames
     * @param window  frames per window (same for all)
     * @param caches  per stream; replaced in place by the next caches
     */
    public Output[] run(float[][] windows, int window, EncoderCache[] caches) {
        int b = windows.length;
        float[] x = signal(windows, window);
        int chN = caches[0].channel().length;
        int tN = caches[0].time().length;
        long[] len = new long[b];
        long[] lengths = new long[b];
        CacheBuffers buf = null;
        try {
            buf = borrow(b, chN, tN);
            // caches go into direct buffers that ORT reads in place, and the next caches come back into direct buffers
            // it writes in place: two host copies per call instead of six (ORT's Java API has no IO binding)
            buf.ch.clear();
            buf.tt.clear();
            for (int s = 0; s < b; s++) {
                buf.ch.put(caches[s].channel());
                buf.tt.put(caches[s].time());
                len[s] = caches[s].length();
                lengths[s] = window;
            }
            buf.ch.rewind();
            buf.tt.rewind();
            var env = session.env();
            Map<String, OnnxTensor> in = new HashMap<>();
            try (OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{b, featDim, window});
                 OnnxTensor tl = OnnxTensor.createTensor(env, LongBuffer.wrap(lengths), new long[]{b});
                 OnnxTensor tln = OnnxTensor.createTensor(env, LongBuffer.wrap(len), new long[]{b})) {
                List<String> names = session.inputNames();
                in.put(names.get(0), tx);
                in.put(names.get(1), tl);
                in.put(names.get(2), buf.chIn);
                in.put(names.get(3), buf.ttIn);
                in.put(names.get(4), tln);
                List<String> outs = session.outputNames();
                try (OrtSession.Result r = session.run(in, Map.of(outs.get(2), buf.chOut, outs.get(3), buf.ttOut))) {
                    OnnxTensor out = (OnnxTensor) r.get(outs.get(0)).orElseThrow();
                    long[] shape = out.getInfo().getShape();
                    FloatBuffer ob = out.getFloatBuffer();
                    float[] all = new float[ob.remaining()];
                    ob.get(all);
                    LongBuffer lnb = ((OnnxTensor) r.get(outs.get(4)).orElseThrow()).getLongBuffer();
                    buf.chNext.rewind();
                    buf.ttNext.rewind();
                    Output[] result = new Output[b];
                    for (int s = 0; s < b; s++) {
                        buf.chNext.get(caches[s].channel());
                        buf.ttNext.get(caches[s].time());
                        caches[s].setLength(lnb.get(s));
                        result[s] = new Output(split(all, shape, s));
                    }
                    return result;
                }
            }
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("Speech recognition (encoder)", e);
        } finally {
            giveBack(buf);
        }
    }

    /** The windows (per stream, {@code window × featDim} row-major) as the model's audio_signal (B, featDim, window). */
    private float[] signal(float[][] windows, int window) {
        float[] x = new float[windows.length * featDim * window];
        for (int s = 0; s < windows.length; s++) {
            float[] w = windows[s];
            int base = s * featDim * window;
            for (int t = 0; t < window; t++) {
                for (int c = 0; c < featDim; c++) {
                    x[base + c * window + t] = w[t * featDim + c]; // (T, F) -> (F, T)
                }
            }
        }
        return x;
    }

    /**
     * A fixed batch of streams whose caches stay where the encoder leaves them between calls: bound through an IO
     * binding ({@link dev.sws.core.inference.IoBinding}), the next caches are the outputs of the last call, in device
     * memory for a CUDA session, so no cache crosses to the host (the Java API copies every cache in and out of each
     * call). Only the encoder output comes back to the CPU. Gives what {@link #run} gives for the same windows.
     *
     * @param start the streams' caches to begin from (copied in once)
     */
    public Resident resident(EncoderCache[] start) {
        return new Resident(start);
    }

    /** See {@link #resident}. One thread at a time; close it before the encoder. */
    public final class Resident implements AutoCloseable {
        private final int b;
        private final dev.sws.core.inference.IoBinding binding;
        private final dev.sws.core.inference.IoBinding.Place cpu;
        private final dev.sws.core.inference.IoBinding.Place place;
        private final List<OnnxTensor> first = new java.util.ArrayList<>();   // the starting caches, bound for the first call
        private List<dev.sws.core.inference.NativeValue> caches;    // channel, time, length after the last call

        private Resident(EncoderCache[] start) {
            b = start.length;
            var env = session.env();
            dev.sws.core.inference.IoBinding bnd = null;
            dev.sws.core.inference.IoBinding.Place c = null;
            dev.sws.core.inference.IoBinding.Place p = null;
            try {
                float[] ch = new float[b * start[0].channel().length];
                float[] tt = new float[b * start[0].time().length];
                long[] len = new long[b];
                for (int s = 0; s < b; s++) {
                    System.arraycopy(start[s].channel(), 0, ch, s * start[s].channel().length, start[s].channel().length);
                    System.arraycopy(start[s].time(), 0, tt, s * start[s].time().length, start[s].time().length);
                    len[s] = start[s].length();
                }
                first.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(ch), new long[]{b, channelDims[0], channelDims[1], channelDims[2]}));
                first.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(tt), new long[]{b, timeDims[0], timeDims[1], timeDims[2]}));
                first.add(OnnxTensor.createTensor(env, LongBuffer.wrap(len), new long[]{b}));
                bnd = new dev.sws.core.inference.IoBinding(session);
                c = dev.sws.core.inference.IoBinding.Place.cpu();
                p = dev.sws.core.inference.IoBinding.Place.of(session.device());
                List<String> outs = session.outputNames();
                bnd.bindOutput(outs.get(0), c);   // the encoder output: read on the CPU by the decoder
                bnd.bindOutput(outs.get(2), p);   // the caches: left where the encoder runs
                bnd.bindOutput(outs.get(3), p);
                bnd.bindOutput(outs.get(4), c);   // the cache lengths: b integers, read back by nobody but the next call
            } catch (OrtException | RuntimeException e) {
                first.forEach(OnnxTensor::close);
                for (AutoCloseable x : new AutoCloseable[]{bnd, c, p}) {
                    try {
                        if (x != null) {
                            x.close();
                        }
                    } catch (Exception ignored) {
                        // closing what a failed start opened
                    }
                }
                throw e instanceof OrtException oe ? InferenceRuntime.inferenceFailed("Speech recognition (encoder)", oe)
                        : (RuntimeException) e;
            }
            binding = bnd;
            cpu = c;
            place = p;
        }

        /** The device the caches stay on ("cpu" or "cuda:N"). */
        public String place() {
            return place.toString();
        }

        /** One window per stream ({@code windows.length} = the batch), as {@link StreamingEncoder#run} takes them. */
        public Output[] run(float[][] windows, int window) {
            if (windows.length != b) {
                throw new IllegalArgumentException("This batch has " + b + " streams, not " + windows.length + ".");
            }
            float[] x = signal(windows, window);
            long[] lengths = new long[b];
            Arrays.fill(lengths, window);
            List<String> names = session.inputNames();
            var env = session.env();
            try (OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[]{b, featDim, window});
                 OnnxTensor tl = OnnxTensor.createTensor(env, LongBuffer.wrap(lengths), new long[]{b})) {
                binding.clearInputs();
                binding.bindInput(names.get(0), tx);
                binding.bindInput(names.get(1), tl);
                if (caches == null) {
                    binding.bindInput(names.get(2), first.get(0));
                    binding.bindInput(names.get(3), first.get(1));
                    binding.bindInput(names.get(4), first.get(2));
                } else {
                    binding.bindInput(names.get(2), caches.get(0));
                    binding.bindInput(names.get(3), caches.get(1));
                    binding.bindInput(names.get(4), caches.get(2));
                }
                binding.run();
                List<dev.sws.core.inference.NativeValue> out = binding.outputs();
                float[] all;
                long[] shape;
                try (var y = out.getFirst()) {
                    shape = y.shape();
                    all = y.floats();
                }
                if (caches != null) {
                    caches.forEach(dev.sws.core.inference.NativeValue::close);
                }
                caches = out.subList(1, 4);
                Output[] result = new Output[b];
                for (int s = 0; s < b; s++) {
                    result[s] = new Output(split(all, shape, s));
                }
                return result;
            } catch (OrtException e) {
                throw InferenceRuntime.inferenceFailed("Speech recognition (encoder)", e);
            }
        }

        /** The caches after the last call, copied to the host (CPU sessions only: for checks). */
        public EncoderCache[] caches() {
            if (caches == null || !place.isCpu()) {
                throw new IllegalStateException("The caches are readable here only on the CPU and after a call.");
            }
            float[] ch = caches.get(0).floats();
            float[] tt = caches.get(1).floats();
            long[] len = caches.get(2).longs();
            int chN = ch.length / b;
            int tN = tt.length / b;
            EncoderCache[] out = new EncoderCache[b];
            for (int s = 0; s < b; s++) {
                out[s] = new EncoderCache(Arrays.copyOfRange(ch, s * chN, (s + 1) * chN), Arrays.copyOfRange(tt, s * tN, (s + 1) * tN), len[s]);
            }
            return out;
        }

        @Override
        public void close() {
            if (caches != null) {
                caches.forEach(dev.sws.core.inference.NativeValue::close);
                caches = null;
            }
            first.forEach(OnnxTensor::close);
            binding.close();
            cpu.close();
            place.close();
        }
    }

    /** Direct cache buffers for one batch size and the tensors over them, reused across calls (one user at a time). */
    private static final class CacheBuffers implements AutoCloseable {
        final int batch;
        final FloatBuffer ch;
        final FloatBuffer tt;
        final FloatBuffer chNext;
        final FloatBuffer ttNext;
        final OnnxTensor chIn;
        final OnnxTensor ttIn;
        final OnnxTensor chOut;
        final OnnxTensor ttOut;

        CacheBuffers(ai.onnxruntime.OrtEnvironment env, int b, int[] chDims, int[] tDims) throws OrtException {
            batch = b;
            long[] chShape = {b, chDims[0], chDims[1], chDims[2]};
            long[] tShape = {b, tDims[0], tDims[1], tDims[2]};
            ch = direct(b * chDims[0] * chDims[1] * chDims[2]);
            tt = direct(b * tDims[0] * tDims[1] * tDims[2]);
            chNext = direct(ch.capacity());
            ttNext = direct(tt.capacity());
            chIn = OnnxTensor.createTensor(env, ch, chShape);
            ttIn = OnnxTensor.createTensor(env, tt, tShape);
            chOut = OnnxTensor.createTensor(env, chNext, chShape);
            ttOut = OnnxTensor.createTensor(env, ttNext, tShape);
        }

        private static FloatBuffer direct(int n) {
            return java.nio.ByteBuffer.allocateDirect(n * 4).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        }

        @Override
        public void close() {
            chIn.close();
            ttIn.close();
            chOut.close();
            ttOut.close();
        }
    }

    private final java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.ConcurrentLinkedDeque<CacheBuffers>> pool =
            new java.util.concurrent.ConcurrentHashMap<>();

    private CacheBuffers borrow(int b, int chN, int tN) throws OrtException {
        CacheBuffers c = pool.computeIfAbsent(b, k -> new java.util.concurrent.ConcurrentLinkedDeque<>()).pollFirst();
        if (c == null) {
            c = new CacheBuffers(session.env(), b, channelDims, timeDims);
            if (c.ch.capacity() != b * chN || c.tt.capacity() != b * tN) {
                c.close();
                throw new ModelContractException(session.file().getFileName() + ": caches do not match the metadata's shapes.");
            }
        }
        return c;
    }

    private void giveBack(CacheBuffers c) {
        if (c != null) {
            var q = pool.get(c.batch);   // null once the encoder was closed during this call
            if (q != null && q.size() < 2) {   // live streams reuse a few sizes; the rest is freed
                q.addFirst(c);
            } else {
                c.close();
            }
        }
    }

    /** (B, d, T) for transducers or (B, T, V) for CTC, to frames × dim of stream s. */
    private float[][] split(float[] all, long[] shape, int s) {
        int d1 = (int) shape[1];
        int d2 = (int) shape[2];
        int base = s * d1 * d2;
        if (ctc) {
            float[][] f = new float[d1][d2];
            for (int t = 0; t < d1; t++) {
                System.arraycopy(all, base + t * d2, f[t], 0, d2);
            }
            return f;
        }
        float[][] f = new float[d2][d1];
        for (int c = 0; c < d1; c++) {
            for (int t = 0; t < d2; t++) {
                f[t][c] = all[base + c * d2 + t];
            }
        }
        return f;
    }

    @Override
    public void close() {
        pool.values().forEach(q -> q.forEach(CacheBuffers::close));
        pool.clear();
        session.close();
    }
}
