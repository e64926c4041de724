package dev.sws.audio;

import dev.sws.audio.features.FrontendConfig;
import dev.sws.audio.features.MelFrontend;
import dev.sws.audio.features.OnlineFeatureExtractor;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.util.Npy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FrontendTest {

    /** Golden test against training/frontend/logmel_reference.py (numpy, float64). */
    @ParameterizedTest
    @ValueSource(ints = {80, 128})
    void logMelMatchesTheNumpyReference(int mels) throws Exception {
        PcmAudio a = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000);
        float[] got = new MelFrontend(FrontendConfig.nemo(mels)).compute(a.samples());
        Npy.Array ref = Npy.read(Fixtures.golden("logmel" + mels + "-speech-16k.npy"));
        assertEquals(ref.shape()[0] * ref.shape()[1], got.length);
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.abs(got[i] - ref.floats()[i]));
        }
        System.out.printf(java.util.Locale.ROOT, "log-mel %d vs numpy reference: max abs diff %.3e over %d values%n", mels, max, got.length);
        assertTrue(max <= 1e-4, "max abs diff " + max);
    }

    /**
     * The golden files are what the numpy reference computes today: {@code training/frontend/logmel_reference.py} run
     * again here gives the committed values (a Python interpreter with numpy: {@code ./sws test} installs python3-numpy).
     */
    @ParameterizedTest
    @ValueSource(ints = {80, 128})
    void theNumpyReferenceStillWritesTheGoldenFiles(int mels, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String python = java.util.stream.Stream.of("/usr/bin/python3", "python3").filter(FrontendTest::hasNumpy).findFirst()
                .orElseThrow(() -> new AssertionError("no python3 with numpy; install python3-numpy (./sws test does as root)"));
        java.nio.file.Path out = dir.resolve("logmel.npy");
        Process p = new ProcessBuilder(python, java.nio.file.Path.of("../training/frontend/logmel_reference.py").toString(),
                Fixtures.path("speech-16k.wav").toString(), out.toString(), "--mels", String.valueOf(mels)).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, log);
        Npy.Array golden = Npy.read(Fixtures.golden("logmel" + mels + "-speech-16k.npy"));
        Npy.Array again = Npy.read(out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(golden.shape(), again.shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(golden.floats(), again.floats(), 1e-6f,
                "logmel_reference.py --mels " + mels + " no longer computes the golden file");
    }

    private static boolean hasNumpy(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void onlineExtractionEqualsOfflineForAnyBlockSize() {
        PcmAudio a = AudioFiles.read(Fixtures.path("speech-16k.wav"), 16000);
        FrontendConfig cfg = FrontendConfig.nemo(80);
        float[] offline = new MelFrontend(cfg).compute(a.samples());
        for (int block : new int[]{1, 159, 160, 1000, 7919}) {
            OnlineFeatureExtractor ex = new OnlineFeatureExtractor(cfg);
            for (int p = 0; p < a.length(); p += block) {
                ex.accept(a.samples(), p, Math.min(block, a.length() - p));
                if (ex.framesReady() > 20) {
                    ex.discardBefore(ex.framesReady() - 20); // memory stays bounded
                }
            }
            int n = ex.framesReady();
            assertEquals(offline.length / 80, n, "frames for block " + block);
            float[] tail = new float[20 * 80];
            ex.copyFrames(n - 20, 20, tail, 0, 0);
            for (int i = 0; i < tail.length; i++) {
                assertEquals(offline[(n - 20) * 80 + i], tail[i], 1e-6, "block " + block);
            }
        }
    }

    @Test
    void frameCountFollowsSnipEdges() {
        FrontendConfig c = FrontendConfig.nemo(80);
        assertEquals(0, c.numFrames(399));
        assertEquals(1, c.numFrames(400));
        assertEquals(1, c.numFrames(559));
        assertEquals(2, c.numFrames(560));
        assertEquals(98, c.numFrames(16000));
    }
}
