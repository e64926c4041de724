package dev.sws.app;

import dev.sws.workstation.Workstation;

import dev.sws.core.gpu.GpuDevices;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code sws gpu} on a machine without a GPU or pack: it explains, and every task runs on the CPU. */
class GpuCliTest {

    private static String[] run(String... args) {
        dev.sws.app.CliRun r = dev.sws.app.CliRun.of(args);
        return new String[]{String.valueOf(r.rc()), r.out(), r.err()};
    }

    @Test
    void statusExplainsWhyTheCpuIsUsed() {
        assumeTrue(GpuDevices.list().gpus().isEmpty(), "this machine has a GPU; GpuParityTest covers it");
        String[] r = run("gpu", "status");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("GPU runtime pack ort-1.29.0-cuda12: not installed"), r[1]);
        assertTrue(r[1].contains("NVIDIA GPUs: none (no NVIDIA driver"), r[1]);
        assertTrue(r[1].contains("This process: CPU only"), r[1]);
        assertTrue(r[1].contains("asr → cpu") && r[1].contains("tts → cpu"), r[1]);
    }

    @Test
    void anExplicitGpuWithoutOneIsNamedButRunsOnTheCpuWithAReason() {
        assumeTrue(GpuDevices.list().gpus().isEmpty(), "this machine has a GPU");
        String[] r = run("--device", "cuda:0", "gpu", "status");
        assertTrue(r[1].contains("setting 'cuda:0'"), r[1]);
        // a real session asked for on cuda:0 falls back with the reason (ORT's CPU build has no CUDA provider)
        try (Workstation ctx = new Workstation(dev.sws.core.util.AppPaths.fromEnvironment(),
                new dev.sws.core.exec.CurrentThreadTaskExecutor(), "cuda:0")) {
            java.util.List<dev.sws.core.bus.DeviceEvent.Fallback> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            ctx.bus().subscribe(dev.sws.core.bus.DeviceEvent.Fallback.class, Runnable::run, seen::add);
            var m = ctx.asr().load(ctx.asr().resolve(""));
            assertEquals(dev.sws.core.inference.Device.CPU, m.encoder().session().device());
            assertTrue(!seen.isEmpty() && seen.getFirst().reason().contains("CUDA runtime is not active"), seen.toString());
        }
    }

    @Test
    void badDeviceValuesAreRefusedWithOneSentence() {
        String[] r = run("--device", "gpu7", "gpu", "status");
        assertEquals("1", r[0]);
        assertTrue(r[2].strip().equals("Device must be auto, cpu or cuda:N, not 'gpu7'."), r[2]);
    }
}
