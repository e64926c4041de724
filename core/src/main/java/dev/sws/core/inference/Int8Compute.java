package dev.sws.core.inference;

/**
 * How ONNX Runtime computes, on the CPU, the MatMuls whose weights a model stores as int8 ({@code DequantizeLinear ->
 * MatMul}, ADR 0004): it fuses them into {@code MatMulNBits}, whose accuracy level picks the activations' type. Which
 * is faster depends on the rows per call, so the engine that owns a session chooses (ADR 0004).
 */
public enum Int8Compute {

    /** Activations quantised to int8 as well (ONNX Runtime's default): faster for a few rows per call, as in streaming
     * recognition and token-by-token language models. */
    INT8_ACTIVATIONS("4"),

    /** fp32 activations against the int8 weights, as the models were validated. */
    FP32_ACTIVATIONS("0"),

    /**
     * Whichever is faster for many rows per call (the TTS velocity model, codec decoding, punctuation, BERT) on this
     * CPU: fp32 activations where it has no int8 dot products, int8 activations where it has them (VNNI,
     * {@link CpuFeatures#int8DotProduct()}: there they were faster in every engine, with the same results within the
     * models' tolerances; docs/benchmarks.md).
     */
    MANY_ROWS(null);

    /** ONNX Runtime's session configuration key for it. */
    static final String KEY = "session.qdq_matmulnbits_accuracy_level";

    private final String level;

    Int8Compute(String level) {
        this.level = level;
    }

    /** The value of {@link #KEY}; the system property {@code sws.ort.qdqAccuracy} overrides every session's, for
     * measurements. */
    String level() {
        return System.getProperty("sws.ort.qdqAccuracy", effective().level);
    }

    /** What this choice comes to on this machine's CPU: {@link #INT8_ACTIVATIONS} or {@link #FP32_ACTIVATIONS}. */
    public Int8Compute effective() {
        if (this != MANY_ROWS) {
            return this;
        }
        return CpuFeatures.int8DotProduct() ? INT8_ACTIVATIONS : FP32_ACTIVATIONS;
    }
}
