package dev.sws.asr.correction;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.model.ModelContractException;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A decoder-only language model in Hugging Face Optimum's ONNX layout ({@code model.onnx} with {@code input_ids},
 * {@code attention_mask}, {@code position_ids}, {@code past_key_values.N.key/value} → {@code logits},
 * {@code present.N.key/value}; {@code config.json}, {@code generation_config.json}), run with its KV cache: the
 * prompt in one call, then one token per call, each call's {@code present.*} fed back as the next {@code past_*}
 * (the previous result stays open until the next call has used its tensors, then it is closed). Batch 1, greedy.
 * One generation at a time; {@link #close()} waits for it.
 */
public final class DecoderLm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OwnedSession session;
    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final int vocab;
    private final Set<Long> eos;
    private final JsonNode config;

    private DecoderLm(OwnedSession session, JsonNode config, int layers, int kvHeads, int headDim, int vocab,
                      Set<Long> eos) {
        this.session = session;
        this.config = config;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.vocab = vocab;
        this.eos = eos;
    }

    /** Opens {@code folder/model.onnx}, checks it against the Optimum contract and its config; fails naming what is wrong. */
    public static DecoderLm load(Path folder, InferenceRuntime runtime, Device device, int threads) throws IOException {
        Path onnx = folder.resolve("model.onnx");
        Path cfgFile = folder.resolve("config.json");
        for (Path p : List.of(onnx, cfgFile)) {
            if (!Files.isRegularFile(p)) {
                throw new ModelContractException("the language model folder " + folder + " has no " + p.getFileName());
            }
        }
        JsonNode cfg = JSON.readTree(cfgFile.toFile());
        int layers = cfg.path("num_hidden_layers").asInt(-1);
        int heads = cfg.path("num_attention_heads").asInt(-1);
        int kv = cfg.path("num_key_value_heads").asInt(heads);
        int hidden = cfg.path("hidden_size").asInt(-1);
        int headDim = cfg.path("head_dim").asInt(heads > 0 ? hidden / heads : -1);
        if (layers < 1 || heads < 1 || hidden < 1) {
            throw new ModelContractException(cfgFile + " lacks num_hidden_layers, num_attention_heads or hidden_size");
        }
        Set<Long> eos = new LinkedHashSet<>();
        Path gen = folder.resolve("generation_config.json");
        for (JsonNode n : List.of(cfg.path("eos_token_id"),
                Files.isRegularFile(gen) ? JSON.readTree(gen.toFile()).path("eos_token_id") : JSON.missingNode())) {
            if (n.isArray()) {
                n.forEach(x -> eos.add(x.asLong()));
            } else if (n.isNumber()) {
                eos.add(n.asLong());
            }
        }
        OwnedSession s = runtime.open(onnx, device, threads);
        try {
            int v = check(s, layers, kv, headDim);
            return new DecoderLm(s, cfg, layers, kv, headDim, v, java.util.Collections.unmodifiableSet(eos));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static int check(OwnedSession s, int layers, int kv, int headDim) {
        Map<String, NodeInfo> in = s.inputInfo();
        Map<String, NodeInfo> out = s.outputInfo();
        need(s, in, "input_ids", OnnxJavaType.INT64, 2, "input");
        need(s, in, "attention_mask", OnnxJavaType.INT64, 2, "input");
        need(s, in, "position_ids", OnnxJavaType.INT64, 2, "input");
        long[] logits = need(s, out, "logits", OnnxJavaType.FLOAT, 3, "output");
        for (int i = 0; i < layers; i++) {
            for (String kind : List.of("key", "value")) {
                long[] p = need(s, in, "past_key_values." + i + "." + kind, OnnxJavaType.FLOAT, 4, "input");
                need(s, out, "present." + i + "." + kind, OnnxJavaType.FLOAT, 4, "output");
                if ((p[1] > 0 && p[1] != kv) || (p[3] > 0 && p[3] != headDim)) {
                    throw new ModelContractException(s.file() + ": past_key_values." + i + "." + kind + " has shape "
                            + java.util.Arrays.toString(p) + " but config.json says " + kv + " key/value heads of size "
                            + headDim);
                }
            }
        }
        if (in.containsKey("past_key_values." + layers + ".key")) {
            throw new ModelContractException(s.file() + " has more layers than config.json's num_hidden_layers " + layers);
        }
        if (logits[2] <= 0) {
            throw new ModelContractException(s.file() + ": logits has no fixed vocabulary dimension");
        }
        return (int) logits[2];
    }

    private static long[] need(OwnedSession s, Map<String, NodeInfo> nodes, String name, OnnxJavaType type, int rank,
                               String what) {
        NodeInfo n = nodes.get(name);
        if (n == null) {
            throw new ModelContractException(s.file() + " is not an Optimum decoder export: it has no " + what + " '"
                    + name + "' (it has " + nodes.keySet() + ")");
        }
        if (!(n.getInfo() instanceof TensorInfo t) || t.type != type || t.getShape().length != rank) {
            throw new ModelContractException(s.file() + ": " + what + " '" + name + "' should be " + type.name()
                    .toLowerCase() + " of rank " + rank + " but is " + n.getInfo());
        }
        return t.getShape();
    }

    public JsonNode config() {
        return config;
    }

    /** End-of-sequence ids, config.json's first. */
    public Set<Long> eosIds() {
        return eos;
    }

    /** config.json's (else generation_config.json's) first end-of-sequence id, or -1 when neither names one. */
    public long primaryEos() {
        return eos.isEmpty() ? -1 : eos.iterator().next();
    }

    public int vocabSize() {
        return vocab;
    }

    public Device device() {
        return session.device();
    }

    /**
     * Greedy continuation of {@code prompt} (ids without the stop token). {@code cancelled} is checked before each
     * step; a cancelled generation throws {@link CancellationException}.
     */
    public synchronized long[] generate(long[] prompt, Generation g, BooleanSupplier cancelled) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        List<Long> out = new ArrayList<>();
        OrtSession.Result prev = null;
        try {
            long[] step = prompt;
            int past = 0;
            for (int n = 0; n < g.maxNewTokens(); n++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("correction cancelled");
                }
                OrtSession.Result r = run(step, past, prev);
                if (prev != null) {
                    prev.close();
                }
                prev = r;
                long next = argmax((OnnxTensor) prev.get("logits").orElseThrow(), step.length, g.allowed());
                if (g.stop().contains(next) || (g.stop().isEmpty() && eos.contains(next))) {
                    break;
                }
                out.add(next);
                past += step.length;
                step = new long[]{next};
            }
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("the language model", e);
        } finally {
            if (prev != null) {
                prev.close();
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Log-probability of each of {@code continuations} after {@code prompt} (teacher forcing): how strongly the model
     * prefers one answer over another. The prompt runs once; each continuation runs on its KV cache.
     */
    public synchronized double[] logProbs(long[] prompt, long[]... continuations) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        double[] out = new double[continuations.length];
        try (OrtSession.Result p = run(prompt, 0, null)) {
            FloatBuffer promptLogits = ((OnnxTensor) p.get("logits").orElseThrow()).getFloatBuffer();
            for (int c = 0; c < continuations.length; c++) {
                long[] cont = continuations[c];
                if (cont.length == 0) {
                    continue;
                }
                double total = logSoftmaxAt(promptLogits, prompt.length - 1, cont[0]);
                try (OrtSession.Result r = run(cont, prompt.length, p)) {
                    FloatBuffer fb = ((OnnxTensor) r.get("logits").orElseThrow()).getFloatBuffer();
                    for (int t = 0; t < cont.length - 1; t++) {
                        total += logSoftmaxAt(fb, t, cont[t + 1]);
                    }
                }
                out[c] = total;
            }
        } catch (OrtException e) {
            throw InferenceRuntime.inferenceFailed("the language model", e);
        }
        return out;
    }

    private double logSoftmaxAt(FloatBuffer logits, int position, long token) {
        int base = position * vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits.get(base + v));
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(logits.get(base + v) - max);
        }
        return logits.get(base + (int) token) - max - Math.log(sum);
    }

    /**
     * One model call for {@code ids} at positions {@code past..}: the past keys/values are {@code prev}'s presents
     * (empty when null). The caller owns the returned result and still owns {@code prev}.
     */
    private OrtSession.Result run(long[] ids, int past, OrtSession.Result prev) throws OrtException {
        var env = session.env();
        long[] pos = new long[ids.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = past + i;
        }
        long[] mask = new long[past + ids.length];
        java.util.Arrays.fill(mask, 1L);
        Map<String, OnnxTensor> in = new HashMap<>();
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            owned.add(put(in, "input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, ids.length})));
            owned.add(put(in, "attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[]{1, mask.length})));
            owned.add(put(in, "position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[]{1, pos.length})));
            for (int l = 0; l < layers; l++) {
                for (String kind : List.of("key", "value")) {
                    String name = "past_key_values." + l + "." + kind;
                    if (prev == null) {
                        owned.add(put(in, name, OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                                new long[]{1, kvHeads, 0, headDim})));
                    } else {
                        in.put(name, (OnnxTensor) prev.get("present." + l + "." + kind).orElseThrow());
                    }
                }
            }
            return session.run(in);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor put(Map<String, OnnxTensor> in, String name, OnnxTensor t) {
        in.put(name, t);
        return t;
    }

    /** Arg-max over the last position's logits, restricted to {@code allowed} when given. */
    private long argmax(OnnxTensor logits, int seq, Set<Long> allowed) {
        FloatBuffer fb = logits.getFloatBuffer();
        int base = (seq - 1) * vocab;
        long best = -1;
        float bestV = Float.NEGATIVE_INFINITY;
        if (allowed != null) {
            for (long id : allowed) {
                if (id >= 0 && id < vocab && fb.get(base + (int) id) > bestV) {
                    bestV = fb.get(base + (int) id);
                    best = id;
                }
            }
            return best;
        }
        for (int v = 0; v < vocab; v++) {
            float x = fb.get(base + v);
            if (x > bestV) {
                bestV = x;
                best = v;
            }
        }
        return best;
    }

    /** Waits for a generation in flight: its cached results must be closed before the session that made them. */
    @Override
    public synchronized void close() {
        session.close();
    }
}
