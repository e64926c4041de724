package dev.sws.core.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sws.core.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compute type chosen for int8-weight MatMuls reaches ONNX Runtime: on a MatMul stored as the house models store
 * theirs (fixture from training/replicas/make_int8_matmul_fixture.py), {@link Int8Compute#FP32_ACTIVATIONS} gives the
 * exact product, while {@link Int8Compute#INT8_ACTIVATIONS} quantises the activations — visible on an input whose
 * rows mix one large value with small ones (the small ones fall below the int8 step).
 */
class Int8ComputeTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final int K = 64;
    private static final int N = 16;

    private static InferenceRuntime runtime;

    @BeforeAll
    static void init() {
        runtime = InferenceRuntime.standalone();
    }

    @Test
    void fp32ActivationsAreExactAndInt8ActivationsAreNot() throws Exception {
        JsonNode g = Json.mapper().readTree(FIXTURES.resolve("int8-matmul.json").toFile());
        int rows = 4;
        float[] x = new float[rows * K];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < K; k++) {
                x[r * K + k] = k == r ? 1000f : 0.25f * ((k * 7 + r) % 9 - 4);   // one large value per row
            }
        }
        double[] want = new double[rows * N];
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < N; n++) {
                double s = 0;
                for (int k = 0; k < K; k++) {
                    s += x[r * K + k] * g.get("w").get(k).get(n).asDouble() * g.get("scale").get(n).asDouble();
                }
                want[r * N + n] = s;
            }
        }
        double fp32 = maxError(Int8Compute.FP32_ACTIVATIONS, x, rows, want);
        double int8 = maxError(Int8Compute.INT8_ACTIVATIONS, x, rows, want);
        assertTrue(fp32 < 1e-3, "fp32 activations: max error " + fp32);
        assertTrue(int8 > 100 * Math.max(fp32, 1e-5), "int8 activations must differ (max error " + int8 + " vs " + fp32
                + "): else the setting does not reach ONNX Runtime");
        double many = maxError(Int8Compute.MANY_ROWS, x, rows, want);
        assertEquals(Int8Compute.MANY_ROWS.effective() == Int8Compute.FP32_ACTIVATIONS ? fp32 : int8, many, 1e-9,
                "many rows per call: the CPU's choice reaches ONNX Runtime");
    }

    private static double maxError(Int8Compute compute, float[] x, int rows, double[] want) throws Exception {
        try (OwnedSession s = runtime.open(FIXTURES.resolve("int8-matmul.onnx"), Device.CPU, 1, compute);
             OnnxTensor in = OnnxTensor.createTensor(s.env(), FloatBuffer.wrap(x), new long[]{rows, K});
             OrtSession.Result r = s.run(Map.of("x", in))) {
            float[][] y = (float[][]) r.get(0).getValue();
            double max = 0;
            for (int i = 0; i < rows; i++) {
                for (int n = 0; n < N; n++) {
                    max = Math.max(max, Math.abs(y[i][n] - want[i * N + n]));
                }
            }
            return max;
        }
    }
}
