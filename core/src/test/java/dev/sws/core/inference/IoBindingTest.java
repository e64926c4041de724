package dev.sws.core.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime's C API through the Foreign Function &amp; Memory API, on a session of the Java API: the function table
 * agrees with the Java API, and a run through an IO binding gives what the Java API's run gives.
 */
class IoBindingTest {

    private static final Path MODEL = Path.of("src/test/resources/fixtures/int8-matmul.onnx");

    @Test
    void theFunctionTableAgreesWithTheJavaApi() throws Exception {
        OrtNative n = OrtNative.get();
        assertEquals(OrtEnvironment.getAvailableProviders().stream().map(p -> p.getName()).sorted().toList(),
                n.availableProviders().stream().sorted().toList());
        try (OwnedSession s = InferenceRuntime.standalone().open(MODEL, Device.CPU, 1)) {
            assertEquals(s.session().getNumInputs(), n.inputCount(s.session()));
        }
    }

    @Test
    void aBoundRunGivesWhatTheJavaApiGivesAndItsOutputsCanBeBoundAgain() throws Exception {
        float[] x = new float[3 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37);
        }
        try (OwnedSession s = InferenceRuntime.standalone().open(MODEL, Device.CPU, 1);
             OnnxTensor in = OnnxTensor.createTensor(s.env(), FloatBuffer.wrap(x), new long[]{3, 64});
             IoBinding.Place cpu = IoBinding.Place.cpu();
             IoBinding b = new IoBinding(s)) {
            float[][] want;
            try (OrtSession.Result r = s.run(Map.of(s.inputNames().getFirst(), in))) {
                want = (float[][]) r.get(0).getValue();
            }
            b.bindInput(s.inputNames().getFirst(), in);
            b.bindOutput(s.outputNames().getFirst(), cpu);
            for (int call = 0; call < 3; call++) {   // the same binding runs again
                b.run();
                List<NativeValue> out = b.outputs();
                assertEquals(1, out.size());
                try (NativeValue y = out.getFirst()) {
                    assertArrayEquals(new long[]{3, 16}, y.shape());
                    float[] got = y.floats();
                    for (int r = 0; r < 3; r++) {
                        assertArrayEquals(want[r], java.util.Arrays.copyOfRange(got, r * 16, r * 16 + 16), 0f, "call " + call);
                    }
                }
            }
            // a value ONNX Runtime allocated is an input like any tensor
            try (NativeValue zeros = NativeValue.zeros(3, 64)) {
                b.clearInputs();
                b.bindInput(s.inputNames().getFirst(), zeros);
                b.run();
                try (NativeValue y = b.outputs().getFirst()) {
                    for (float v : y.floats()) {
                        assertEquals(0f, v);
                    }
                }
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.bindInput("no-such-input", in));
            assertTrue(e.getMessage().startsWith("BindInput(no-such-input) failed: "), e.getMessage());
        }
    }
}
