package dev.sws.app;

import dev.sws.asr.FileTranscriber;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.asr.model.RecognizerConfig;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.util.AppPaths;
import dev.sws.workstation.Workstation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped house ASR model keeps the sherpa-onnx contract: sherpa-onnx 1.13.8 (npm {@code sherpa-onnx-node}, the
 * reference runtime of NeMo cache-aware streaming transducers) loads it; its greedy transcripts of the speech fixtures
 * equal ours (with sherpa-onnx's rule of one symbol per encoder frame), and on real unseen speakers of
 * {@code ../shared/data/real} (where that folder exists) they stay close to ours. {@code .ci/run} installs the npm package into {@code ~/.cache/sws/sherpa-onnx-1.13.8}
 * ({@code SWS_SHERPA_ONNX} names another folder holding {@code node_modules/sherpa-onnx-node}).
 */
class SherpaOnnxParityTest {

    static final String MODEL = "house-asr-fc-en-s4";

    static Path sherpaFolder() {
        String env = System.getenv("SWS_SHERPA_ONNX");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "sws", "sherpa-onnx-1.13.8");
    }

    @Test
    void sherpaOnnxGivesOurGreedyTextOnTheShippedModel(@TempDir Path dir) throws Exception {
        Path modules = sherpaFolder().resolve("node_modules");
        assumeTrue(Files.isDirectory(modules.resolve("sherpa-onnx-node")), "sherpa-onnx-node is not installed in "
                + modules + " (npm install --prefix " + sherpaFolder() + " sherpa-onnx-node@1.13.8; .ci/run does)");
        assumeTrue(run(dir, List.of("node", "--version"), Map.of()).startsWith("v"), "node is not on the PATH");
        List<Path> inputs = new ArrayList<>();
        int fixtures = 2;
        // full-band inputs: in 8 kHz audio brought to 16 kHz the upper mel bins hold only rounding noise at the log
        // floor, where the two front ends' float arithmetic differs (speech-8k.wav: the same text with the models
        // before the real-speaker training, different first words since)
        for (String f : new String[]{"speech.flac", "speech-44k-stereo.flac"}) {
            inputs.add(HouseModelTest.fixture(f));
        }
        Path real = Path.of(System.getProperty("sws.shared.dir", "../../shared"), "data", "real").toAbsolutePath().normalize();
        for (String f : new String[]{"an4/test/cen7-fjlp-b.opus", "an4/test/an391-mjwl-b.opus",
                "librispeech-train-clean-5/6272/70171/6272-70171-0021.opus",
                "librispeech-train-clean-5/7859/102519/7859-102519-0021.opus"}) {
            if (Files.isRegularFile(real.resolve(f))) {
                inputs.add(real.resolve(f));
            }
        }
        // the same 16 kHz mono WAV files for both runtimes (sherpa-onnx's readWave takes WAV only)
        List<Path> wavs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path wav = dir.resolve("in" + i + ".wav");
            run(dir, List.of("ffmpeg", "-v", "error", "-y", "-i", inputs.get(i).toString(), "-ac", "1", "-ar", "16000",
                    "-c:a", "pcm_s16le", wav.toString()), Map.of());
            wavs.add(wav);
        }

        List<String> node = new ArrayList<>(List.of("node", Path.of("..", "training", "eval", "sherpa_greedy.js")
                .toAbsolutePath().normalize().toString(), modelsDir().resolve(MODEL).toString()));
        wavs.forEach(w -> node.add(w.toString()));
        Map<String, String> theirs = new LinkedHashMap<>();
        for (String line : run(dir, node, Map.of("NODE_PATH", modules.toString())).split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 2) {
                theirs.put(f[0], f[1].strip());
            }
        }

        // ours: the same search as sherpa-onnx's NeMo greedy search (one symbol per encoder frame), no fused LM, every
        // segment kept; the fixtures and clips are short enough to be one segment each
        WordErrorRate.Counts apart = WordErrorRate.Counts.zero();
        StringBuilder report = new StringBuilder();
        try (Workstation ws = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor())) {
            FileTranscriber ours = ws.asr().fileTranscriber(MODEL, c -> c.withDecoding(RecognizerConfig.Decoding.GREEDY, 1)
                    .withLm(null).withMaxSymbolsPerFrame(1), true);
            for (int i = 0; i < wavs.size(); i++) {
                String text = ours.transcribe(wavs.get(i)).text().strip();
                String their = theirs.get(wavs.get(i).toString());
                report.append(inputs.get(i).getFileName()).append("\n  ours:       ").append(text)
                        .append("\n  sherpa-onnx: ").append(their).append('\n');
                if (i < fixtures) {
                    assertEquals(their, text, "greedy text of " + inputs.get(i));
                } else {
                    apart = apart.plus(WordErrorRate.compare(text, their));
                }
            }
        }
        // sherpa-onnx carries the prediction network's state from chunk to chunk in its own way, so on longer real
        // speech its greedy text drifts from ours by some words (measured: 4 clips, 29 % of words, all in the two read
        // sentences, where ours is nearer the reference); a broken contract (cache layout, metadata, features) gives
        // text unrelated to ours
        System.out.printf(java.util.Locale.ROOT, "sherpa-onnx parity: %.1f %% of words apart on real clips%n%s", apart.percent(), report);
        assertTrue(apart.percent() <= 50, "sherpa-onnx's text is " + apart.percent() + " % of words apart from ours:\n" + report);
        assertFalse(theirs.values().stream().allMatch(String::isEmpty), "sherpa-onnx heard nothing: " + theirs);
    }

    static Path modelsDir() {
        String p = System.getProperty("sws.models.dir");
        return p != null ? Path.of(p) : Path.of("..", "models").toAbsolutePath().normalize();
    }

    /** Runs a command in {@code dir} and returns its standard output; a failure names the command and its output. */
    static String run(Path dir, List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
        pb.environment().putAll(env);
        Path err = dir.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return "";   // not installed: the caller's assumption says so
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out + Files.readString(err));
        }
        return out;
    }
}
