package dev.sws.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.InferenceRuntime;
import dev.sws.core.inference.OwnedSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A graph written by {@link OnnxGraph} runs in ONNX Runtime and computes what plain Java computes: external weights
 * read at an offset into a shared data file, inline constants, attributes of each kind, symbolic dimensions.
 */
class OnnxGraphTest {

    @Test
    void aWrittenGraphRunsAndReadsExternalWeightsAtTheirOffsets(@TempDir Path dir) throws Exception {
        // data file: 16 bytes of padding, then W [3,2], then b [2]
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] b = {0.5f, -1};
        ByteBuffer data = ByteBuffer.allocate(16 + 4 * 8).order(ByteOrder.LITTLE_ENDIAN);
        data.position(16);
        for (float v : w) {
            data.putFloat(v);
        }
        for (float v : b) {
            data.putFloat(v);
        }
        Files.write(dir.resolve("weights.bin"), data.array());

        OnnxGraph g = new OnnxGraph("test");
        String x = g.input("x", OnnxGraph.FLOAT, "batch", 3L);
        String idx = g.input("idx", OnnxGraph.INT64, "n");
        String wt = g.external("w", OnnxGraph.FLOAT, new long[]{3, 2}, "weights.bin", 16, 24);
        String bias = g.external("b", OnnxGraph.FLOAT, new long[]{2}, "weights.bin", 40, 8);
        String y = g.op("Add", List.of(g.op("MatMul", List.of(x, wt)), bias));                   // [batch,2]
        String scaled = g.op("Mul", List.of(y, g.constant("two", new long[0], 2f)));
        String soft = g.op("Softmax", List.of(scaled), OnnxGraph.Attr.i("axis", -1));
        g.node("Gather", List.of(soft, idx), List.of("rows"), OnnxGraph.Attr.i("axis", 0));
        g.node("Transpose", List.of(scaled), List.of("t"), OnnxGraph.Attr.ints("perm", 1, 0));
        g.node("LayerNormalization", List.of(scaled, g.constant("gamma", new long[]{2}, 1f, 1f),
                g.constant("beta", new long[]{2}, 0f, 0f)), List.of("ln"), OnnxGraph.Attr.i("axis", -1),
                OnnxGraph.Attr.f("epsilon", 1e-5f));
        g.output("rows", OnnxGraph.FLOAT, "n", 2L);
        g.output("t", OnnxGraph.FLOAT, 2L, "batch");
        g.output("ln", OnnxGraph.FLOAT, "batch", 2L);
        Path model = dir.resolve("model.onnx");
        g.write(model, 17, "test", Map.of("k", "v"));

        float[] in = {1, 0, -1, 0.5f, 0.25f, 2};
        try (OwnedSession s = InferenceRuntime.standalone().open(model, Device.CPU, 1);
             OnnxTensor xt = OnnxTensor.createTensor(s.env(), FloatBuffer.wrap(in), new long[]{2, 3});
             OnnxTensor it = OnnxTensor.createTensor(s.env(), LongBuffer.wrap(new long[]{1, 0, 1}), new long[]{3});
             OrtSession.Result r = s.run(Map.of("x", xt, "idx", it))) {
            assertEquals("v", s.metadata().get("k"));
            float[][] expect = new float[2][2];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    double v = b[j];
                    for (int k = 0; k < 3; k++) {
                        v += in[i * 3 + k] * w[k * 2 + j];
                    }
                    expect[i][j] = (float) (2 * v);
                }
            }
            float[][] t = (float[][]) r.get("t").orElseThrow().getValue();
            assertArrayEquals(new float[]{expect[0][0], expect[1][0]}, t[0], 1e-5f);
            assertArrayEquals(new float[]{expect[0][1], expect[1][1]}, t[1], 1e-5f);
            float[][] rows = (float[][]) r.get("rows").orElseThrow().getValue();
            double e0 = Math.exp(expect[1][0]);
            double e1 = Math.exp(expect[1][1]);
            assertArrayEquals(new float[]{(float) (e0 / (e0 + e1)), (float) (e1 / (e0 + e1))}, rows[0], 1e-5f);
            assertArrayEquals(rows[0], rows[2], 0f);
            float[][] ln = (float[][]) r.get("ln").orElseThrow().getValue();
            for (float[] row : ln) {   // two values normalised: -1 and 1 (up to epsilon)
                assertEquals(-Math.signum(row[1]), Math.signum(row[0]));
                assertEquals(1.0, Math.abs(row[0]), 1e-3);
            }
        }
    }
}
