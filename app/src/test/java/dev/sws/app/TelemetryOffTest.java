package dev.sws.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ONNX Runtime 1.29's telemetry must stay off in a real {@code sws} process started without the launcher's switches
 * (the packaged app, an IDE, a test runner): with it on, a long command line crashed the JVM before the first model
 * loaded (SIGSEGV in the uploader's regular expressions, no crash report: {@code sws transcribe} with 500 files), and
 * every run wrote a device id and an upload queue under {@code ~/.cache/Microsoft}. The child gets a clean
 * environment — no CI markers (ONNX Runtime stays quiet in CI on its own, which would hide the bug) and a private
 * home — and a 40 KB command line like the one that crashed.
 */
class TelemetryOffTest {

    @Test
    void longCommandLineTranscribesAndNothingIsWrittenForUpload(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path speech = HouseModelTest.fixture("speech.flac");
        List<String> cmd = new ArrayList<>(CliRun.childCommand(dir, "transcribe", speech.toString()));
        StringBuilder padding = new StringBuilder();
        for (int i = 0; padding.length() < 40_000; i++) {   // file-like words, as a batch's argument list has
            padding.append(" training/data/manifests/fsdd/").append(i % 10).append("_lucas_").append(i).append(".flac");
        }
        cmd.add(1, "-Dsws.test.padding=" + padding);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ORT_") || List.of("CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI",
                "CIRCLECI", "TRAVIS", "JENKINS_URL", "CODEBUILD_BUILD_ID", "BUILDKITE", "TEAMCITY_VERSION", "APPVEYOR",
                "BITBUCKET_BUILD_NUMBER", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI").contains(k));
        env.put("HOME", home.toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the child must finish");
            String log = Files.readString(dir.resolve("child.log"));
            assertFalse(Files.exists(dir.resolve("child-hs_err.log")), "no JVM crash report");
            assertEquals(0, p.exitValue(), "exit status (139 = SIGSEGV): " + log);
            assertFalse(log.isBlank(), "a transcript");
            try (var files = Files.walk(home)) {
                List<Path> written = files.filter(Files::isRegularFile).toList();
                assertTrue(written.stream().noneMatch(f -> f.toString().contains("onnxruntime")),
                        "nothing of ONNX Runtime's telemetry under the home folder: " + written);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
