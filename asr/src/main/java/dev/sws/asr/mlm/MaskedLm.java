package dev.sws.asr.mlm;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A masked language model ({@link BertOnnx}'s graphs, {@code model.onnx} and optionally {@value #INT8_GRAPH}, +
 * {@code vocab.txt} in one folder) asked for
 * the log-probability of pieces at masked positions. Queries are run in batches of similar length (little padding).
 * Not thread-safe; the owner closes it.
 */
public final class MaskedLm implements AutoCloseable {
    /** Predict {@code target} at {@code position} of {@code pieces} (which include [CLS] and [SEP]). */
    public record Query(int[] pieces, int position, int target) {}

    /** Rows per ONNX Runtime call. */
    static final int BATCH = 32;

    private final OwnedSession session;
    private final WordPiece vocab;

    private MaskedLm(OwnedSession session, WordPiece vocab) {
        this.session = session;
        this.vocab = vocab;
    }

    /** The int8 graph's file name ({@link BertOnnx#writeInt8}); {@code model.onnx} is the float32 one. */
    public static final String INT8_GRAPH = "model-int8.onnx";

    /** Which of a folder's graphs to run. */
    public enum Weights {
        /** Faster: a peak of ~0.85 GB for the process that holds it (2 threads, batches of 32). */
        FLOAT32("model.onnx"),
        /** Int8 dense kernels: 0.14-0.3 GB less, 1.7× the time on a CPU without int8 dot products (AVX2). */
        INT8(INT8_GRAPH);

        private final String graph;

        Weights(String graph) {
            this.graph = graph;
        }

        public String graph() {
            return graph;
        }

        /**
         * The system property {@code sws.mlm.weights} ({@code float32} or {@code int8}) if set; else int8 on a machine
         * with less than 8 GiB of memory, where 0.3 GB counts more than a second per file, and float32 elsewhere.
         */
        public static Weights forThisMachine() {
            String p = System.getProperty("sws.mlm.weights", "");
            if (!p.isBlank()) {
                return p.strip().equalsIgnoreCase("int8") ? INT8 : FLOAT32;
            }
            long total = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.OperatingSystemMXBean.class).getTotalMemorySize();
            return total > 0 && total < (8L << 30) ? INT8 : FLOAT32;
        }
    }

    /** Loads the graph {@link Weights#forThisMachine()} picks (float32 where a folder has no int8 graph). */
    public static MaskedLm load(Path folder, InferenceRuntime runtime, Device device, int threads) throws IOException {
        Weights w = Weights.forThisMachine();
        return load(folder, runtime, device, threads, Files.exists(folder.resolve(w.graph())) ? w : Weights.FLOAT32);
    }

    public static MaskedLm load(Path folder, InferenceRuntime runtime, Device device, int threads, Weights weights)
            throws IOException {
        WordPiece v = WordPiece.load(folder.resolve("vocab.txt"));
        // many rows per call: float activations against int8 kernels are the faster and the exact choice (ADR 0004)
        OwnedSession s = runtime.open(folder.resolve(weights.graph()), device, threads,
                dev.sws.core.inference.Int8Compute.MANY_ROWS);
        if (!s.inputNames().containsAll(List.of("input_ids", "attention_mask", "mask_position"))
                || !s.outputNames().contains("log_probs")) {
            s.close();
            throw new ModelContractException(folder + "/" + weights.graph() + " is not a masked LM of this workstation (inputs "
                    + s.inputNames() + ", outputs " + s.outputNames() + ")");
        }
        return new MaskedLm(s, v);
    }

    public WordPiece vocab() {
        return vocab;
    }

    /** The log-probability of each query's target, in query order. */
    public float[] logProbs(List<Query> queries) throws OrtException {
        float[] out = new float[queries.size()];
        Integer[] order = new Integer[queries.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> queries.get(i).pieces().length));
        for (int from = 0; from < order.length; from += BATCH) {
            List<Query> batch = new ArrayList<>();
            for (int j = from; j < Math.min(order.length, from + BATCH); j++) {
                batch.add(queries.get(order[j]));
            }
            float[][] lp = run(batch);
            for (int j = 0; j < batch.size(); j++) {
                out[order[from + j]] = lp[j][batch.get(j).target()];
            }
        }
        return out;
    }

    /** The whole log-probability distribution at each query's position (its target is ignored). */
    public float[][] distributions(List<Query> queries) throws OrtException {
        List<float[]> out = new ArrayList<>();
        for (int from = 0; from < queries.size(); from += BATCH) {
            out.addAll(List.of(run(queries.subList(from, Math.min(queries.size(), from + BATCH)))));
        }
        return out.toArray(float[][]::new);
    }

    /** One call: rows padded to the longest, the query's position replaced by [MASK]. */
    private float[][] run(List<Query> batch) throws OrtException {
        int b = batch.size();
        int t = batch.stream().mapToInt(q -> q.pieces().length).max().orElse(0);
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        long[] pos = new long[b];
        for (int i = 0; i < b; i++) {
            Query q = batch.get(i);
            for (int j = 0; j < t; j++) {
                boolean real = j < q.pieces().length;
                ids[i * t + j] = !real ? vocab.pad() : j == q.position() ? vocab.mask() : q.pieces()[j];
                mask[i * t + j] = real ? 1 : 0;
            }
            pos[i] = q.position();
        }
        var env = session.env();
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{b, t});
             OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[]{b, t});
             OnnxTensor p = OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[]{b});
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", m, "mask_position", p))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
