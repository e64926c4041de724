package dev.sws.app;

import dev.sws.workstation.Workstation;

import dev.sws.asr.LiveTranscriber;
import dev.sws.asr.Segment;
import dev.sws.asr.eval.WordErrorRate;
import dev.sws.audio.PcmAudio;
import dev.sws.audio.capture.MicrophoneCapture;
import dev.sws.audio.io.AudioFiles;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.util.AppPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end through a real capture device: speech is played into a private PulseAudio null sink
 * ({@code .ci/run} starts one named {@code sws_null}), javax.sound captures its monitor (the default source),
 * the live transcriber records it to disk and recognises it with the shipped house model.
 */
class VirtualMicrophoneTest {

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void speechPlayedIntoTheNullSinkIsRecordedAndTranscribed(@TempDir Path dir) throws Exception {
        assumeTrue(run("pactl", "list", "short", "sinks") && run("sh", "-c", "pactl list short sinks | grep -q sws_null"),
                "no PulseAudio server with the sws_null sink (.ci/run starts one)");
        Path speech = Path.of(getClass().getResource("/fixtures/speech-16k.wav").toURI());
        Path recording = dir.resolve("live.wav");
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor());
             MicrophoneCapture mic = new MicrophoneCapture(null, 16000, 30, null)) {
            var recognizer = ctx.asr().recognizer(null);
            // as the window records: each final segment punctuated after the ones before it
            try (LiveTranscriber live = new LiveTranscriber("mic", recognizer, mic.ring(), 16000, recording, ctx.bus(), null,
                    ctx.punctuation().finisher())) {
                mic.start();
                live.start();
                Thread.sleep(300);
                assertTrue(run("paplay", "--device=sws_null", speech.toString()), "paplay failed");
                Thread.sleep(1500); // trailing silence lets the endpoint fire
                mic.stop();
                live.stop();
                String text = live.segments().stream().map(Segment::text).collect(Collectors.joining(" "));
                double wer = WordErrorRate.compare(HouseModelTest.REFERENCE, text).percent();
                assertTrue(wer <= 50, "WER " + wer + " for '" + text + "'");
                assertTrue(Character.isUpperCase(text.charAt(0)), "live finals are written as sentences: " + text);
            }
        }
        PcmAudio rec = AudioFiles.read(recording, 16000);
        assertEquals(16000, rec.sampleRate());
        assertTrue(rec.durationSeconds() >= 5.0, "recorded " + rec.durationSeconds() + " s");
        assertTrue(Files.size(recording) > 100_000);
    }

    @Test
    void codecLabRecordsTheMicrophoneAndRoundTripsIt() throws Exception {
        assumeTrue(run("pactl", "list", "short", "sinks") && run("sh", "-c", "pactl list short sinks | grep -q sws_null"),
                "no PulseAudio server with the sws_null sink (.ci/run starts one)");
        Path speech = Path.of(getClass().getResource("/fixtures/speech-16k.wav").toURI());
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor());
             var lab = new dev.sws.app.gui.CodecLabViewModel(ctx)) {
            lab.startRecording();
            org.junit.jupiter.api.Assertions.assertEquals(dev.sws.app.gui.CodecLabViewModel.State.RECORDING,
                    lab.stateProperty().get(), lab.infoProperty().get());
            Thread.sleep(300);
            assertTrue(run("paplay", "--device=sws_null", speech.toString()), "paplay failed");
            Thread.sleep(300);
            lab.stopRecording();
            var r = lab.resultProperty().get();
            org.junit.jupiter.api.Assertions.assertNotNull(r, lab.infoProperty().get());
            assertTrue(r.original().durationSeconds() > 4.5, "recorded " + r.original().durationSeconds() + " s");
            assertTrue(r.tokens().frames() >= (int) (r.original().durationSeconds() * 50), "tokens for the whole recording");
            assertTrue(r.melDistance() < 2.0, "decoded recording resembles it: mel distance " + r.melDistance());
        }
    }
}
