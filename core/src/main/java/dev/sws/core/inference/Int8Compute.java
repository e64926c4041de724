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

    /** fp32 activations against the int8 weights, as the models were validated: faster for many rows per call, as in
     * the TTS velocity model and whole-file codec decoding. */
    FP32_ACTIVATIONS("0");

    /** ONNX Runtime's session configuration key for it. */
    static final String KEY = "session.qdq_matmulnbits_accuracy_level";

    private final String level;

    Int8Compute(String level) {
        this.level = level;
    }

    /** The value of {@link #KEY}; the system property {@code sws.ort.qdqAccuracy} overrides every session's, for
     * measurements. */
    String level() {
        return System.getProperty("sws.ort.qdqAccuracy", level);
    }
}
