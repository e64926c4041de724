package dev.sws.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SIGTERM (what Ctrl+C, {@code kill} and a desktop's log-out send) to a real {@code sws synthesize} process while the
 * TTS model runs: the process must exit with the signal's status, without a JVM crash report, and leave no partial
 * output. Without RunsInFlight the JVM dies in native code (SIGSEGV in libonnxruntime.so, ONNX Runtime's static destructors
 * running under a session still in flight) and wrote hs_err_pid*.log.
 */
class ExitWhileRunningTest {

    @Test
    void sigtermDuringSynthesisExitsCleanly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("long.wav");
        Path crash = dir.resolve("child-hs_err.log");
        String text = "This sentence is here to keep the model busy for a while. ".repeat(12);
        List<String> cmd = CliRun.childCommand(dir, "synthesize", "--text", text, "--nfe", "8", "--out", out.toString());
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the first part is rendered and written to the log: the second part's velocity runs are in flight now
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (p.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("rendered part 1 of")) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive() && Files.readString(log).contains("rendered part 1 of"),
                    "the child must be mid-synthesis (" + (p.isAlive() ? "running" : "exit " + p.exitValue()) + "): "
                            + Files.readString(log));
            Thread.sleep(300);
            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child must exit after SIGTERM");
            String childLog = Files.readString(log);
            assertFalse(Files.exists(crash), "no JVM crash report: " + (Files.exists(crash)
                    ? Files.readAllLines(crash).stream().limit(40).toList() + "\nchild log:\n" + childLog : ""));
            assertFalse(childLog.contains("A fatal error has been detected"), childLog);
            assertEquals(143, p.exitValue(), "exit status of SIGTERM (128 + 15): " + childLog);
            assertFalse(Files.exists(out), "no partial output file");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
