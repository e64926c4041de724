package dev.sws.asr.mlm;

import java.nio.FloatBuffer;

/**
 * A float matrix quantized to int8 symmetrically with one scale per column: {@code w[r][c] ≈ values[r·cols + c] ·
 * scales[c]}, values in −127..127 (the largest magnitude of a column maps to ±127).
 */
record Int8Matrix(byte[] values, float[] scales) {
    /** Quantizes the row-major {@code rows × cols} matrix in {@code w} (read from its position, left unchanged). */
    static Int8Matrix quantizeColumns(FloatBuffer w, int rows, int cols) {
        int base = w.position();
        float[] max = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                max[c] = Math.max(max[c], Math.abs(w.get(base + r * cols + c)));
            }
        }
        float[] scales = new float[cols];
        for (int c = 0; c < cols; c++) {
            scales[c] = scale(max[c]);
        }
        byte[] q = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                q[r * cols + c] = quantize(w.get(base + r * cols + c), scales[c]);
            }
        }
        return new Int8Matrix(q, scales);
    }

    /**
     * Quantizes the transpose of the row-major {@code rows × cols} matrix in {@code w}: the result is {@code cols × rows}
     * with one scale per column, i.e. per row of {@code w} (a tied embedding used as an output projection).
     */
    static Int8Matrix quantizeTransposed(FloatBuffer w, int rows, int cols) {
        int base = w.position();
        float[] scales = new float[rows];
        byte[] q = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            float max = 0;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(w.get(base + r * cols + c)));
            }
            scales[r] = scale(max);
            for (int c = 0; c < cols; c++) {
                q[c * rows + r] = quantize(w.get(base + r * cols + c), scales[r]);
            }
        }
        return new Int8Matrix(q, scales);
    }

    /** The scale that maps a largest magnitude {@code max} to 127 (1 for an all-zero column). */
    private static float scale(float max) {
        return max > 0 ? max / 127f : 1f;
    }

    private static byte quantize(float v, float scale) {
        return (byte) Math.max(-127, Math.min(127, Math.round(v / scale)));
    }
}
