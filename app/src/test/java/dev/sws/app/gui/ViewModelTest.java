package dev.sws.app.gui;

import dev.sws.asr.eval.WordErrorRate;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.exec.DefaultTaskExecutor;
import dev.sws.core.util.AppPaths;
import dev.sws.workstation.Workstation;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Transcribe and Voice Lab view models without a window (JabRef's MVVM test style): the JavaFX toolkit runs, no
 * Stage is shown; the models are driven through their public methods on the FX thread, the real house models do
 * the work, and the tests read the models' properties.
 */
class ViewModelTest {

    private static Workstation ws;

    @BeforeAll
    static void start() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test class started the toolkit in this JVM
        }
        ws = new Workstation(AppPaths.fromEnvironment(), new DefaultTaskExecutor(2, FxExecutor.INSTANCE));
    }

    @AfterAll
    static void stop() {
        ws.close();
    }

    static Path fixture(String name) throws java.net.URISyntaxException {
        return Path.of(ViewModelTest.class.getResource("/fixtures/" + name).toURI());
    }

    static <T> T onFx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    static void await(BooleanSupplier onFxCondition, String what) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (onFx(onFxCondition::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    @Test
    void transcribeShowsSegmentsExportsAndKeepsTheTranscriptWhenTheNextFileFails(@TempDir Path dir) throws Exception {
        TranscribeViewModel vm = onFx(() -> new TranscribeViewModel(ws));
        Path speech = fixture("speech.flac");
        onFx(() -> {
            vm.transcribeFile(speech);
            return null;
        });
        await(() -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE && vm.transcriptProperty().get() != null,
                "the file is transcribed");
        String text = onFx(() -> vm.currentTranscript().text());
        double wer = WordErrorRate.compare("login incorrect please enter your agent number followed by the pound key", text.strip()).percent();
        assertTrue(wer <= 35, "WER " + wer + " for '" + text + "'");
        assertFalse(onFx(() -> vm.segments().isEmpty()));
        assertEquals(1.0, onFx(() -> vm.progressProperty().get()), 1e-9);
        assertTrue(onFx(() -> vm.infoProperty().get()).contains("RTF"), onFx(() -> vm.infoProperty().get()));
        assertEquals("speech.flac", onFx(() -> vm.sourceProperty().get()));
        assertTrue(onFx(() -> vm.waveformProperty().get()) != null, "the waveform is there to click");

        Path srt = dir.resolve("speech.srt");
        onFx(() -> {
            vm.export(srt, TranscriptFormat.SRT);
            return null;
        });
        assertTrue(Files.readString(srt).startsWith("1\n00:00:0"), Files.readString(srt));

        // a file that cannot be read: one sentence, and the finished transcript stays (it was wiped before)
        int segments = onFx(() -> vm.segments().size());
        Path corrupt = fixture("corrupt.flac");
        onFx(() -> {
            vm.transcribeFile(corrupt);
            return null;
        });
        await(() -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE
                && vm.infoProperty().get().contains("corrupt.flac"), "the bad file is reported");
        assertEquals(segments, onFx(() -> vm.segments().size()));
        assertEquals(text, onFx(() -> vm.currentTranscript().text()));
        assertEquals("speech.flac", onFx(() -> vm.sourceProperty().get()), "the name on screen is still the transcript's");
        onFx(() -> {
            vm.close();
            return null;
        });
    }

    @Test
    void voiceLabSpeaksInABuiltInVoiceAndSaysWhyASaveIsRefused() throws Exception {
        VoiceLabViewModel vm = onFx(() -> new VoiceLabViewModel(ws));
        await(() -> vm.voiceNames().contains("Alan"), "the built-in voices are listed");
        onFx(() -> {
            vm.synthesize("Thank you for calling.", "Alan", 8, 1f, 0, 1);
            return null;
        });
        await(() -> vm.stateProperty().get() == VoiceLabViewModel.State.IDLE && vm.outputProperty().get() != null,
                "the text is spoken");
        var out = onFx(() -> vm.outputProperty().get());
        assertTrue(out.durationSeconds() > 0.5 && out.durationSeconds() < 5, out.durationSeconds() + " s");
        String heard = ws.asr().plainTranscriber().transcribe(out, "take").text();
        assertTrue(WordErrorRate.compare("thank you for calling", heard.strip()).percent() <= 50, "heard '" + heard + "'");

        // saving without a reference is refused with a sentence that says what to do
        assertFalse(onFx(() -> vm.save("Me", "hello", "Me", "tests", true)));
        assertEquals("Build a usable reference first (step 2).", onFx(() -> vm.infoProperty().get()));
        assertEquals(1.0, onFx(() -> vm.progressProperty().get()), 1e-9, "progress reached the end");

        // a saved voice can be renamed and removed from the Voice Lab; a built-in one says why it stays
        var store = ws.tts().voices();
        store.save(new dev.sws.tts.Voice("Saved", "thank you for calling", new dev.sws.tts.Voice.Consent("Me", "tests",
                java.time.LocalDate.now().toString(), true), new float[0], java.util.List.of(), java.util.List.of(),
                java.time.Instant.now()), out);
        onFx(() -> {
            vm.refreshVoices();
            return null;
        });
        await(() -> vm.voiceNames().contains("Saved"), "the saved voice is listed");
        // renamed: listed under the new name, the old one gone; a built-in voice's name is taken
        java.util.List<String> renamedTo = new java.util.concurrent.CopyOnWriteArrayList<>();
        onFx(() -> {
            vm.renameVoice("Saved", "Removable", renamedTo::add);
            return null;
        });
        await(() -> vm.voiceNames().contains("Removable") && !vm.voiceNames().contains("Saved"), "renamed");
        assertEquals(java.util.List.of("Removable"), renamedTo);
        assertEquals("thank you for calling", store.find("Removable").orElseThrow().voice().transcript());
        onFx(() -> {
            vm.renameVoice("Removable", "alan", renamedTo::add);
            return null;
        });
        await(() -> vm.infoProperty().get().contains("already exists"), "a taken name is refused with a sentence");
        onFx(() -> {
            vm.removeVoice("Removable");
            return null;
        });
        await(() -> !vm.voiceNames().contains("Removable") && vm.infoProperty().get().startsWith("Removed"), "removed");
        assertTrue(store.find("Removable").isEmpty());
        onFx(() -> {
            vm.removeVoice("Alan");
            return null;
        });
        await(() -> vm.infoProperty().get().contains("built-in"), "a built-in voice stays, with its reason");
        assertTrue(onFx(() -> vm.voiceNames().contains("Alan")));
        onFx(() -> {
            vm.close();
            return null;
        });
    }
}
