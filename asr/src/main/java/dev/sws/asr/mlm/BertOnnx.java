package dev.sws.asr.mlm;

import dev.sws.core.onnx.OnnxGraph;
import dev.sws.core.onnx.OnnxGraph.Attr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes an ONNX graph of BERT with its masked-LM head over a TensorFlow checkpoint ({@link TensorBundle}), without
 * copying a weight: every initializer is external data pointing into the checkpoint's data file, which must lie next
 * to the written model. The graph answers one masked position per row:
 * <pre>
 *   input_ids      [batch, time] int64   word pieces with [CLS] … [SEP], padded
 *   attention_mask [batch, time] int64   1 for real pieces, 0 for padding
 *   mask_position  [batch]       int64   the row's position whose piece is predicted
 *   → log_probs    [batch, vocab] float  log-softmax of the MLM head at that position
 * </pre>
 * Post-LN encoder as in Devlin et al.: erf GELU, LayerNorm ε 1e-12, attention scale 1/√(head size), padding masked
 * with −10000, token type 0 for every piece, decoder tied to the word embeddings.
 * <p>
 * The int8 variant ({@link #writeInt8}) replaces every dense kernel of the encoder and of the head's transform by an
 * int8 copy with one scale per output column ({@value #INT8_FILE}, written once from the checkpoint), dequantized where
 * it is used ({@code DequantizeLinear}, which ONNX Runtime does not fold into a float copy); activations stay float32,
 * and so do embeddings, biases, LayerNorms and the tied decoder, read from the checkpoint. A quarter of the encoder's
 * weight memory for scores within rounding of the float model's.
 */
public final class BertOnnx {
    /** The shape this converter knows: BERT-base. */
    public record Shape(int layers, int hidden, int heads, int vocab) {}

    public static final Shape BASE = new Shape(12, 768, 12, 30522);
    public static final int OPSET = 17;

    /** The int8 kernels' file, next to the model. */
    public static final String INT8_FILE = "kernels-int8.bin";

    private final TensorBundle bundle;
    private final String dataFile;
    private final String prefix;
    /** Per quantized kernel (checkpoint name): offsets of its int8 values, float scales and zero points in {@link #INT8_FILE}. */
    private final Map<String, long[]> int8;
    private final OnnxGraph g = new OnnxGraph("bert-mlm");

    private BertOnnx(TensorBundle bundle, String dataFile, String prefix, Map<String, long[]> int8) {
        this.bundle = bundle;
        this.dataFile = dataFile;
        this.prefix = prefix;
        this.int8 = int8;
    }

    /**
     * Writes {@code model} for the checkpoint {@code bundle}, whose data file is {@code dataFile} in the model's folder.
     * {@code prefix} is the scope of the variables ({@code "module/"} for a TF-Hub export, {@code ""} for Google's
     * original checkpoint).
     */
    public static void write(TensorBundle bundle, String dataFile, String prefix, Shape shape, Path model,
                             Map<String, String> metadata) throws IOException {
        BertOnnx b = new BertOnnx(bundle, dataFile, prefix, Map.of());
        b.build(shape);
        b.g.write(model, OPSET, "sws", metadata);
    }

    /**
     * Writes {@code model} with int8 dense kernels: {@value #INT8_FILE} is written first (next to the model) from the
     * checkpoint's data file, which must lie there too and stays referenced for everything else.
     */
    public static void writeInt8(TensorBundle bundle, String dataFile, String prefix, Shape shape, Path model,
                                 Map<String, String> metadata) throws IOException {
        Path folder = model.toAbsolutePath().getParent();
        Map<String, long[]> at = new java.util.LinkedHashMap<>();
        try (java.nio.channels.FileChannel data = java.nio.channels.FileChannel.open(folder.resolve(dataFile))) {
            dev.sws.core.util.AtomicFiles.write(folder.resolve(INT8_FILE), out -> {
                long pos = 0;
                for (String k : kernels(shape)) {
                    TensorBundle.Tensor t = bundle.require(prefix + k);
                    long[] dims = t.shape();
                    if (t.dtype() != 1 || dims.length != 2 || t.size() != 4 * t.elements()) {
                        throw new IOException("the checkpoint's " + t.name() + " is not a float32 matrix");
                    }
                    var f = data.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, t.offset(), t.size())
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    Int8Matrix q = k.equals(WORDS) ? Int8Matrix.quantizeTransposed(f, (int) dims[0], (int) dims[1])
                            : Int8Matrix.quantizeColumns(f, (int) dims[0], (int) dims[1]);
                    var scales = java.nio.ByteBuffer.allocate(4 * q.scales().length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    scales.asFloatBuffer().put(q.scales());
                    byte[] zeros = new byte[q.scales().length];
                    at.put(t.name(), new long[]{pos, pos + q.values().length, pos + q.values().length + scales.capacity()});
                    out.write(q.values());
                    out.write(scales.array());
                    out.write(zeros);
                    pos += q.values().length + scales.capacity() + zeros.length;
                }
            });
        }
        BertOnnx b = new BertOnnx(bundle, dataFile, prefix, at);
        b.build(shape);
        b.g.write(model, OPSET, "sws", metadata);
    }

    private static final String WORDS = "bert/embeddings/word_embeddings";

    /** The checkpoint names of the dense kernels the int8 variant quantizes (and the tied decoder). */
    static List<String> kernels(Shape s) {
        List<String> k = new java.util.ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            String p = "bert/encoder/layer_" + l + "/";
            for (String d : List.of("attention/self/query", "attention/self/key", "attention/self/value",
                    "attention/output/dense", "intermediate/dense", "output/dense")) {
                k.add(p + d + "/kernel");
            }
        }
        k.add("cls/predictions/transform/dense/kernel");
        k.add(WORDS);   // as the decoder: its transpose, one scale per vocabulary entry
        return k;
    }

    private String w(String name, long... expect) throws IOException {
        TensorBundle.Tensor t = bundle.require(prefix + name);
        if (t.dtype() != 1 || t.shard() != 0) {
            throw new IOException("the checkpoint's " + t.name() + " is not a float32 tensor of shard 0");
        }
        if (!java.util.Arrays.equals(t.shape(), expect)) {
            throw new IOException("the checkpoint's " + t.name() + " has shape " + java.util.Arrays.toString(t.shape())
                    + ", expected " + java.util.Arrays.toString(expect) + " (not BERT-base)");
        }
        if (t.size() != 4 * t.elements()) {
            throw new IOException("the checkpoint's " + t.name() + " has " + t.size() + " bytes for " + t.elements() + " floats");
        }
        return g.external(t.name(), OnnxGraph.FLOAT, expect, dataFile, t.offset(), t.size());
    }

    private String op(String type, String... in) {
        return g.op(type, List.of(in));
    }

    private String dense(String x, String scope, int in, int out) throws IOException {
        String name = prefix + scope + "/kernel";
        String kernel = int8.containsKey(name) ? int8Kernel(name, name, in, out) : w(scope + "/kernel", in, out);
        return op("Add", op("MatMul", x, kernel), w(scope + "/bias", out));
    }

    /**
     * The float [rows, cols] kernel that the int8 values, per-column scales and zero points written for the checkpoint
     * tensor {@code source} in {@link #INT8_FILE} dequantize to; {@code name} names its initializers.
     */
    private String int8Kernel(String name, String source, long rows, long cols) {
        long[] at = int8.get(source);
        String values = g.external(name + "/int8", OnnxGraph.INT8, new long[]{rows, cols}, INT8_FILE, at[0], rows * cols);
        String scales = g.external(name + "/scale", OnnxGraph.FLOAT, new long[]{cols}, INT8_FILE, at[1], 4L * cols);
        String zeros = g.external(name + "/zero", OnnxGraph.INT8, new long[]{cols}, INT8_FILE, at[2], cols);
        return g.op("DequantizeLinear", List.of(values, scales, zeros), Attr.i("axis", 1));
    }

    private String layerNorm(String x, String scope, int hidden) throws IOException {
        return g.op("LayerNormalization", List.of(x, w(scope + "/gamma", hidden), w(scope + "/beta", hidden)),
                Attr.i("axis", -1), Attr.f("epsilon", 1e-12f));
    }

    private String gelu(String x) {
        String erf = op("Erf", op("Mul", x, g.constant("inv_sqrt2_" + x, new long[0], (float) (1 / Math.sqrt(2)))));
        return op("Mul", op("Mul", x, op("Add", erf, g.constant("one_" + x, new long[0], 1f))),
                g.constant("half_" + x, new long[0], 0.5f));
    }

    private void build(Shape s) throws IOException {
        int h = s.hidden();
        int headSize = h / s.heads();
        String ids = g.input("input_ids", OnnxGraph.INT64, "batch", "time");
        String mask = g.input("attention_mask", OnnxGraph.INT64, "batch", "time");
        String positions = g.input("mask_position", OnnxGraph.INT64, "batch");

        String shape = op("Shape", ids);
        String zero = g.constant("zero", new long[0], 0L);
        String one = g.constant("one", new long[0], 1L);
        String batch = g.op("Gather", List.of(shape, zero), Attr.i("axis", 0));
        String time = g.op("Gather", List.of(shape, one), Attr.i("axis", 0));

        // embeddings [B,T,H]: word + position + token type 0, then LayerNorm
        String words = w("bert/embeddings/word_embeddings", s.vocab(), h);
        String x = op("Gather", words, ids);
        x = op("Add", x, op("Gather", w("bert/embeddings/position_embeddings", 512, h), op("Range", zero, time, one)));
        x = op("Add", x, op("Gather", w("bert/embeddings/token_type_embeddings", 2, h), zero));
        x = layerNorm(x, "bert/embeddings/LayerNorm", h);

        // additive attention mask [B,1,1,T]: 0 where attended, -10000 on padding
        String keep = g.op("Cast", List.of(mask), Attr.i("to", OnnxGraph.FLOAT));
        String pad = op("Sub", g.constant("onef", new long[0], 1f), keep);
        String bias = op("Unsqueeze", op("Mul", pad, g.constant("neg", new long[0], -10000f)),
                g.constant("axes12", new long[]{2}, 1L, 2L));

        String heads = g.constant("heads_shape", new long[]{4}, 0L, 0L, s.heads(), headSize);
        String merged = g.constant("merged_shape", new long[]{3}, 0L, 0L, h);
        String scale = g.constant("scale", new long[0], (float) (1 / Math.sqrt(headSize)));
        for (int l = 0; l < s.layers(); l++) {
            String p = "bert/encoder/layer_" + l + "/";
            // [B,T,H] → [B,heads,T,d] (keys [B,heads,d,T])
            String q = g.op("Transpose", List.of(op("Reshape", dense(x, p + "attention/self/query", h, h), heads)),
                    Attr.ints("perm", 0, 2, 1, 3));
            String k = g.op("Transpose", List.of(op("Reshape", dense(x, p + "attention/self/key", h, h), heads)),
                    Attr.ints("perm", 0, 2, 3, 1));
            String v = g.op("Transpose", List.of(op("Reshape", dense(x, p + "attention/self/value", h, h), heads)),
                    Attr.ints("perm", 0, 2, 1, 3));
            String scores = op("Add", op("Mul", op("MatMul", q, k), scale), bias);            // [B,heads,T,T]
            String probs = g.op("Softmax", List.of(scores), Attr.i("axis", -1));
            String ctx = g.op("Transpose", List.of(op("MatMul", probs, v)), Attr.ints("perm", 0, 2, 1, 3));
            String att = dense(op("Reshape", ctx, merged), p + "attention/output/dense", h, h);
            x = layerNorm(op("Add", att, x), p + "attention/output/LayerNorm", h);
            String inter = gelu(dense(x, p + "intermediate/dense", h, 4 * h));
            x = layerNorm(op("Add", dense(inter, p + "output/dense", 4 * h, h), x), p + "output/LayerNorm", h);
        }

        // the hidden state at each row's mask position: [B*T,H] rows b*T + position[b] → [B,H]
        String flat = op("Reshape", x, g.constant("flat_shape", new long[]{2}, -1L, h));
        String rows = op("Add", op("Mul", op("Range", zero, batch, one), time), positions);
        String at = g.op("Gather", List.of(flat, rows), Attr.i("axis", 0));
        String t = gelu(dense(at, "cls/predictions/transform/dense", h, h));
        t = layerNorm(t, "cls/predictions/transform/LayerNorm", h);
        String logits;
        if (!int8.containsKey(prefix + WORDS)) {
            logits = g.op("Gemm", List.of(t, words, w("cls/predictions/output_bias", s.vocab())), Attr.i("transB", 1));
        } else {   // the decoder as an int8 [hidden, vocab] product; the lookup above reads only the rows it needs
            String kernel = int8Kernel(prefix + WORDS + "/decoder", prefix + WORDS, h, s.vocab());
            logits = op("Add", op("MatMul", t, kernel), w("cls/predictions/output_bias", s.vocab()));
        }
        g.node("LogSoftmax", List.of(logits), List.of("log_probs"), Attr.i("axis", -1));
        g.output("log_probs", OnnxGraph.FLOAT, "batch", s.vocab());
    }
}
