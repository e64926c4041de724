package dev.sws.app;

import dev.sws.workstation.Workstation;

import dev.sws.asr.FileTranscriber;
import dev.sws.asr.OnlineRecognizer;
import dev.sws.asr.model.AsrModel;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.io.AudioFiles;
import dev.sws.codec.CodecModel;
import dev.sws.core.bus.DeviceEvent;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.gpu.GpuDevices;
import dev.sws.core.gpu.GpuRuntime;
import dev.sws.core.inference.Device;
import dev.sws.core.inference.OwnedSession;
import dev.sws.core.util.AppPaths;
import dev.sws.tts.Synthesizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a machine with an NVIDIA GPU and the GPU runtime pack: every house model runs on CUDA (no fallback) and its
 * outputs match the CPU's within tolerance. Tagged {@code gpu}: run with {@code -Dgroups=gpu} (or the JUnit console
 * with {@code --include-tag gpu}) in a fresh JVM, because the runtime is chosen before ONNX Runtime starts.
 */
@Tag("gpu")
class GpuParityTest {

    private static final Device CUDA = new Device.Cuda(0);
    private static Workstation ctx;
    private static final List<DeviceEvent.Fallback> FALLBACKS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        assumeTrue(!GpuDevices.list().gpus().isEmpty(), "no NVIDIA GPU here: " + GpuDevices.list().problem());
        ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor(), "auto");
        ctx.bus().subscribe(DeviceEvent.Fallback.class, Runnable::run, FALLBACKS::add);
        assertTrue(GpuRuntime.state().active(), GpuRuntime.state().reason());
        assertTrue(ctx.runtime().cudaProviderPresent(), "ORT loaded without CUDA");
        assertEquals(CUDA, ctx.device(dev.sws.core.settings.Settings.Task.ASR));
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void theDriverListsTheGpus() {
        GpuDevices.Gpu g = GpuDevices.list().gpus().getFirst();
        assertFalse(g.name().isBlank());
        assertTrue(g.totalBytes() > (1L << 30) && g.freeBytes() <= g.totalBytes(), g.describe());
        assertTrue(g.major() >= 5, g.describe());
    }

    @Test
    void houseAsrTranscribesTheSameOnCudaAsOnCpu() throws Exception {
        var m = ctx.asr().resolve("");
        PcmAudio audio = AudioFiles.read(HouseModelTest.fixture("speech.flac"), 16000);
        AsrModel cpu = ctx.asr().load(m, Device.CPU);
        AsrModel gpu = ctx.asr().load(m, CUDA);
        assertEquals(CUDA, gpu.encoder().session().device());
        String a = new FileTranscriber(new OnlineRecognizer(cpu, ctx.asr().config(cpu)), m.id()).transcribe(audio, "x").text();
        String b = new FileTranscriber(new OnlineRecognizer(gpu, ctx.asr().config(gpu)), m.id()).transcribe(audio, "x").text();
        assertEquals(a, b);
        assertTrue(a.contains("agent number"), a);
        // the encoder itself, one window of real features: same numbers within fp32/TF32 noise
        var ec = cpu.encoder();
        var eg = gpu.encoder();
        int w = ec.windowFor(0);
        float[] win = new float[w * ec.featDim()];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < win.length; i++) {
            win[i] = (float) r.nextGaussian();
        }
        float[][] oc = ec.run(new float[][]{win}, w, new dev.sws.asr.model.EncoderCache[]{ec.newCache()})[0].frames();
        float[][] og = eg.run(new float[][]{win}, w, new dev.sws.asr.model.EncoderCache[]{eg.newCache()})[0].frames();
        assertTrue(relErr(oc, og) < 2e-2, "encoder relative error " + relErr(oc, og));
        assertTrue(FALLBACKS.isEmpty(), FALLBACKS.toString());
    }

    /** Caches kept on the GPU by an IO binding between calls: the same encoder output as the Java API's calls. */
    @Test
    void aResidentBatchOnTheGpuEncodesWhatTheCpuEncodes() {
        var m = ctx.asr().resolve("");
        AsrModel cpu = ctx.asr().load(m, Device.CPU);
        AsrModel gpu = ctx.asr().load(m, CUDA);
        var ec = cpu.encoder();
        var eg = gpu.encoder();
        int w = ec.windowFor(0);
        int streams = 4;
        java.util.Random r = new java.util.Random(5);
        var caches = new dev.sws.asr.model.EncoderCache[streams];
        var start = new dev.sws.asr.model.EncoderCache[streams];
        for (int i = 0; i < streams; i++) {
            caches[i] = ec.newCache();
            start[i] = eg.newCache();
        }
        try (var resident = eg.resident(start)) {
            assertEquals("cuda:0", resident.place());
            for (int call = 0; call < 6; call++) {
                float[][] windows = new float[streams][w * ec.featDim()];
                for (float[] x : windows) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                }
                var want = ec.run(windows, w, caches);
                var got = resident.run(windows, w);
                for (int i = 0; i < streams; i++) {
                    assertTrue(relErr(want[i].frames(), got[i].frames()) < 2e-2, "call " + call + " stream " + i + ": "
                            + relErr(want[i].frames(), got[i].frames()));
                }
            }
        }
        assertTrue(FALLBACKS.isEmpty(), FALLBACKS.toString());
    }

    @Test
    void houseTtsRendersTheSameOnCudaAsOnCpu() {
        var voice = ctx.tts().voices().list().getFirst();
        var cpuModel = ctx.tts().load(null, Device.CPU);
        var gpuModel = ctx.tts().load(null, CUDA);
        Synthesizer.Reference ref = ctx.tts().reference(null, voice);
        var o = cpuModel.defaults().withNfe(8).withSeed(11);
        float[] a = new Synthesizer(cpuModel).synthesize("The meeting moved to Thursday.", ref, o, () -> false, (x, c, n) -> { });
        float[] b = new Synthesizer(gpuModel).synthesize("The meeting moved to Thursday.", ref, o, () -> false, (x, c, n) -> { });
        assertEquals(a.length, b.length);
        double corr = correlation(a, b);
        assertTrue(corr > 0.98, "CPU/GPU audio correlation " + corr);
        assertTrue(FALLBACKS.isEmpty(), FALLBACKS.toString());
    }

    @Test
    void houseCodecTokensMatchTheCpu() throws Exception {
        var m = ctx.models().defaultFor("codec", "").orElseThrow();
        PcmAudio audio = AudioFiles.read(HouseModelTest.fixture("speech.flac"), 16000);
        try (CodecModel cpu = CodecModel.load(m.dir(), ctx.runtime(), Device.CPU, 2);
             CodecModel gpu = CodecModel.load(m.dir(), ctx.runtime(), CUDA, 2)) {
            int[][] a = cpu.encode(audio.samples());
            int[][] b = gpu.encode(audio.samples());
            int same = 0;
            int all = 0;
            for (int q = 0; q < a.length; q++) {
                for (int t = 0; t < a[q].length; t++) {
                    same += a[q][t] == b[q][t] ? 1 : 0;
                    all++;
                }
            }
            assertTrue(same >= 0.95 * all, same + " of " + all + " tokens equal");
            assertTrue(correlation(cpu.decode(a), gpu.decode(a)) > 0.99);
        }
        assertTrue(FALLBACKS.isEmpty(), FALLBACKS.toString());
    }

    @Test
    void aGpuThatDoesNotExistFallsBackToTheCpuWithTheReason() throws Exception {
        int missing = GpuDevices.list().gpus().size() + 3;
        var vad = ctx.paths().embedded().resolve("silero-vad-v6");
        java.nio.file.Path onnx;
        try (var s = java.nio.file.Files.list(vad)) {
            onnx = s.filter(p -> p.toString().endsWith(".onnx")).findFirst().orElseThrow();
        }
        try (OwnedSession s = ctx.runtime().open(onnx, new Device.Cuda(missing), 1)) {
            assertEquals(Device.CPU, s.device());
        }
        assertFalse(FALLBACKS.isEmpty());
        DeviceEvent.Fallback f = FALLBACKS.getLast();
        assertEquals("cuda:" + missing, f.requested());
        assertFalse(f.reason().isBlank());
        FALLBACKS.clear();
    }

    private static double relErr(float[][] a, float[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num += (a[i][j] - b[i][j]) * (double) (a[i][j] - b[i][j]);
                den += a[i][j] * (double) a[i][j];
            }
        }
        return Math.sqrt(num / Math.max(den, 1e-12));
    }

    private static double correlation(float[] a, float[] b) {
        int n = Math.min(a.length, b.length);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return ab / Math.sqrt(Math.max(aa * bb, 1e-30));
    }
}
