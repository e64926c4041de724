package dev.sws.app.gui;

import dev.sws.asr.Segment;
import dev.sws.asr.Word;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.settings.Settings;
import dev.sws.workstation.Workstation;
import dev.sws.workstation.document.TranscriptDocument;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transcript editor in the real window (Xvfb, PulseAudio's null sink for playback under {@code ./sws test}), by
 * keyboard and mouse as a user works: a file transcribed by the shipped model, low-confidence marks, a line edited in
 * place, undone and redone with the keys, a speaker named, a line split and joined, find and replace, playback with
 * the heard word highlighted at 1.5×, zoom and a looped selection, a failed Record that keeps the transcript, and a
 * restart that brings every edit back. Screenshots go to target/screenshots/.
 */
class TranscriptEditorTest {

    private RealWindow window;
    private Workstation ctx;

    @BeforeAll
    static void display() {
        RealWindow.assumeDisplay();
    }

    private TranscribePane open() throws Exception {
        window = RealWindow.open(1100, 720);
        ctx = window.ctx;
        return new FxRobot().lookup("#transcribe-pane").queryAs(TranscribePane.class);
    }

    @AfterEach
    void close() throws Exception {
        shut();
    }

    private void shut() throws Exception {
        if (window != null) {
            ctx.updateSettings(ctx.settings().withUi(Settings.Ui.defaults()));
            window.close();
            window = null;
        }
    }

    private void screenshot(FxRobot robot, String name) throws java.io.IOException {
        window.screenshot(robot, name);
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> c) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, c);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting: " + what, e);
        }
    }

    private static List<String> texts(TranscribeViewModel vm) {
        return vm.segments().stream().map(Segment::text).toList();
    }

    @Test
    void listenFixAndKeepTheWork(@TempDir Path dir) throws Exception {
        // two utterances with a pause between them (joined by FFmpeg): two segments to edit, split and join
        Path one = Path.of(getClass().getResource("/fixtures/speech.flac").toURI());
        Path pause = Path.of(getClass().getResource("/fixtures/silence-3s.flac").toURI());
        Path speech = dir.resolve("call.flac");
        Process ff = new ProcessBuilder("ffmpeg", "-v", "error", "-i", one.toString(), "-i", pause.toString(), "-i", one.toString(),
                "-filter_complex", "[0:a][1:a][2:a]concat=n=3:v=0:a=1", "-ar", "16000", "-ac", "1", speech.toString())
                .redirectErrorStream(true).start();
        String ffOut = new String(ff.getInputStream().readAllBytes());
        assertTrue(ff.waitFor(60, TimeUnit.SECONDS) && ff.exitValue() == 0, "ffmpeg: " + ffOut);
        FxRobot robot = new FxRobot();
        TranscribePane pane = open();
        ctx.updateSettings(ctx.settings().withUi(new Settings.Ui("light", 0.9)));
        TranscribeViewModel vm = pane.viewModel();
        robot.interact(() -> vm.open(speech));
        await("the transcript, saved", () -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE
                && vm.documentProperty().get() != null && "Saved".equals(vm.savedProperty().get()));
        TranscriptView tv = pane.transcriptView();
        List<String> recognised = texts(vm);
        assertTrue(recognised.size() >= 2, "the fixture has several segments: " + recognised);

        // confidence marks: exactly the words below the mark are underlined
        int low = 0;
        int shown = 0;
        for (int i = 0; i < vm.segments().size(); i++) {
            List<Word> ws = vm.segments().get(i).words();
            for (int w = 0; w < ws.size(); w++) {
                low += ws.get(w).confidence() < 0.9 ? 1 : 0;
                shown += tv.wordStyles(i, w).contains("low-confidence") ? 1 : 0;
            }
        }
        assertEquals(low, shown);
        assertTrue(low > 0, "at a mark of 0.9 some words of this clip are doubtful");

        // edit line 1 in place with the keyboard: select it, Enter, type, Enter
        robot.clickOn("#transcript-view");
        robot.type(KeyCode.DOWN).type(KeyCode.DOWN).type(KeyCode.ENTER);
        TextField editor = robot.lookup("#segment-editor").queryAs(TextField.class);
        assertEquals(recognised.get(1), editor.getText());
        robot.interact(editor::selectAll);
        robot.write("hello world this is my edit").type(KeyCode.ENTER);
        await("the edit shown", () -> tv.lineText(1).equals("hello world this is my edit"));
        assertEquals("hello world this is my edit", vm.segments().get(1).text());
        assertEquals(recognised.get(0), vm.segments().get(0).text(), "the other lines are untouched");
        await("the edit saved", () -> "Saved".equals(vm.savedProperty().get()));

        // undo and redo with the keys
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        await("undone", () -> vm.segments().get(1).text().equals(recognised.get(1)));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        await("redone", () -> vm.segments().get(1).text().equals("hello world this is my edit"));
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        await("undone again", () -> vm.segments().get(1).text().equals(recognised.get(1)));
        robot.press(KeyCode.CONTROL).type(KeyCode.Y).release(KeyCode.CONTROL);   // the other common redo key
        await("redone with Ctrl+Y", () -> vm.segments().get(1).text().equals("hello world this is my edit"));

        // name the speaker of line 1: double-click its label
        robot.doubleClickOn(robot.lookup(".speaker-chip").nth(1).queryAs(Label.class));
        robot.write("Ann").type(KeyCode.ENTER);
        await("the speaker", () -> "Ann".equals(tv.lineSpeaker(1)));
        assertEquals("Ann", vm.speakers().get(1));

        // split line 1 after "hello world" (Alt+Enter at the caret), then join it again (Ctrl+M)
        int lines = vm.segments().size();
        robot.clickOn("#transcript-view");
        robot.interact(() -> tv.edit(1));
        TextField ed2 = robot.lookup("#segment-editor").queryAs(TextField.class);
        robot.interact(() -> ed2.positionCaret("hello world ".length()));
        robot.press(KeyCode.ALT).type(KeyCode.ENTER).release(KeyCode.ALT);
        await("split", () -> vm.segments().size() == lines + 1);
        assertEquals(List.of("hello world", "this is my edit"), texts(vm).subList(1, 3));
        assertEquals(List.of("Ann", "Ann"), vm.speakers().subList(1, 3), "both parts keep the speaker");
        robot.interact(() -> tv.selectedProperty().set(1));
        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        await("joined", () -> vm.segments().size() == lines);
        assertEquals("hello world this is my edit", vm.segments().get(1).text());

        // find and replace (Ctrl+H): matches counted and marked, Replace all is one step
        robot.press(KeyCode.CONTROL).type(KeyCode.H).release(KeyCode.CONTROL);
        robot.write("world");
        await("one match", () -> "1 of 1".equals(robot.lookup("#find-count").queryAs(Label.class).getText()));
        assertTrue(tv.wordStyles(1, 1).contains("match-current"));
        screenshot(robot, "editor.png");
        robot.clickOn("#replace-field").write("there");
        robot.clickOn("#replace-all");
        await("replaced", () -> vm.segments().get(1).text().equals("hello there this is my edit"));
        assertEquals("no match", robot.lookup("#find-count").queryAs(Label.class).getText());
        robot.type(KeyCode.ESCAPE);

        // exports write the edited text
        Path txt = dir.resolve("call.txt");
        robot.interact(() -> vm.export(txt, TranscriptFormat.TXT));
        assertTrue(Files.readString(txt).contains("Ann: hello there this is my edit"), Files.readString(txt));
        Path json = dir.resolve("call.json");
        robot.interact(() -> vm.export(json, TranscriptFormat.JSON));
        assertTrue(Files.readString(json).replace(" ", "").contains("\"speaker\":\"Ann\""), Files.readString(json));

        // playback at 1.5x: the word being heard is highlighted and moves on
        robot.interact(() -> vm.tempoProperty().set(1.5));
        robot.clickOn("#play-button");
        await("playing, a word heard", () -> vm.heardProperty().get() != null);
        TranscriptDocument.Match first = vm.heardProperty().get();
        assertTrue(tv.wordStyles(first.segment(), first.from()).contains("playing"));
        await("the highlight moves on", () -> vm.heardProperty().get() != null && !vm.heardProperty().get().equals(first));
        screenshot(robot, "playing.png");
        robot.press(KeyCode.CONTROL).type(KeyCode.SPACE).release(KeyCode.CONTROL);   // pause
        await("paused", () -> !vm.playingProperty().get());
        double pausedAt = vm.resumePosition();
        assertTrue(pausedAt > 0.3, "pause keeps the position: " + pausedAt);

        // zoom the waveform and loop a selection dragged on it
        WaveformView wave = pane.waveform();
        robot.interact(() -> wave.zoom(4));
        assertEquals(4, wave.zoomProperty().get(), 1e-9);
        robot.interact(() -> wave.zoom(0.25));
        javafx.geometry.Bounds b = wave.localToScreen(wave.getBoundsInLocal());
        robot.drag(b.getMinX() + b.getWidth() * 0.2, b.getMinY() + b.getHeight() / 2).dropTo(
                new javafx.geometry.Point2D(b.getMinX() + b.getWidth() * 0.4, b.getMinY() + b.getHeight() / 2));
        double a = vm.selectionStartProperty().get();
        double e = vm.selectionEndProperty().get();
        assertTrue(a > 0 && e > a + 0.5, a + " .. " + e);
        robot.clickOn("#loop-button");
        assertTrue(vm.loopProperty().get());
        robot.clickOn("#play-button");
        List<Double> seen = new ArrayList<>();
        javafx.beans.value.ChangeListener<Number> l = (o, was, now) -> seen.add(now.doubleValue());
        robot.interact(() -> vm.playheadProperty().addListener(l));
        Thread.sleep(2500);
        robot.interact(() -> vm.playheadProperty().removeListener(l));
        robot.clickOn("#play-button");
        await("stopped", () -> !vm.playingProperty().get());
        List<Double> positions = seen.stream().filter(x -> x >= 0).toList();
        assertFalse(positions.isEmpty());
        assertTrue(positions.stream().allMatch(x -> x >= a - 0.05 && x <= e + 0.1), "inside the loop: " + positions);
        robot.clickOn("#loop-button");

        // a failed Record keeps the transcript: the recordings folder cannot be made
        List<String> before = texts(vm);
        Path rec = ctx.paths().recordings();
        Path moved = null;
        if (Files.exists(rec)) {
            moved = Files.move(rec, rec.resolveSibling("recordings-kept-by-test"));
        }
        Files.createDirectories(rec.getParent());
        Files.writeString(rec, "not a folder");
        try {
            robot.clickOn("#record-button");
            await("the failure said", () -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE
                    && vm.infoProperty().get().startsWith("Cannot record"));
        } finally {
            Files.delete(rec);
            if (moved != null) {
                Files.move(moved, rec);
            }
        }
        assertEquals(before, texts(vm), "the transcript stays");
        assertFalse(robot.lookup("#export-button").query().isDisabled(), "export stays possible");
        assertEquals("Ann", vm.speakers().get(1));
        List<String> edited = texts(vm);
        List<String> speakers = List.copyOf(vm.speakers());

        // quit and start again: opening the audio brings every edit back
        shut();
        TranscribePane again = open();
        TranscribeViewModel vm2 = again.viewModel();
        robot.interact(() -> vm2.open(speech));
        await("restored", () -> vm2.stateProperty().get() == TranscribeViewModel.State.IDLE && vm2.documentProperty().get() != null);
        assertEquals(edited, texts(vm2));
        assertEquals(speakers, List.copyOf(vm2.speakers()));
        assertTrue(vm2.infoProperty().get().contains("as you left it"), vm2.infoProperty().get());
        assertNotEquals(recognised, edited);
        assertTrue(vm2.recent().contains(speech.toAbsolutePath().normalize()), "in File > Open Recent");
        screenshot(robot, "restored.png");
    }

    @Test
    void speakersAreLabelledByVoice(@TempDir Path dir) throws Exception {
        Path real = Path.of(System.getProperty("sws.shared.dir", "../../shared"), "data", "real", "librispeech-train-clean-5")
                .toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real), "the real speech corpus is not at " + real);
        // two LibriSpeech dev readers (a woman, a man) taking turns, two sentences each, with pauses between the turns
        List<String> turns = new ArrayList<>();
        for (String reader : List.of("7859", "8629")) {
            Files.readAllLines(real.resolve("manifest.tsv")).stream().map(l -> l.split("\t"))
                    .filter(f -> f[1].equals(reader) && f[5].equals("dev") && Double.parseDouble(f[4]) > 4 && Double.parseDouble(f[4]) < 9)
                    .limit(2).forEach(f -> turns.add(real.resolve(f[0]).toString()));
        }
        List<String> order = List.of(turns.get(0), turns.get(2), turns.get(1), turns.get(3));
        Path pause = Path.of(getClass().getResource("/fixtures/silence-3s.flac").toURI());
        Path talk = dir.resolve("interview.flac");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error"));
        StringBuilder filter = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < order.size(); i++) {
            cmd.addAll(List.of("-i", order.get(i), "-i", pause.toString()));
            filter.append("[").append(2 * i).append(":a]aresample=16000[s").append(i).append("];");
            inputs.append("[s").append(i).append("][").append(2 * i + 1).append(":a]");
        }
        filter.append(inputs).append("concat=n=").append(2 * order.size()).append(":v=0:a=1");
        cmd.addAll(List.of("-filter_complex", filter.toString(), "-ar", "16000", "-ac", "1", talk.toString()));
        Process ff = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String ffOut = new String(ff.getInputStream().readAllBytes());
        assertTrue(ff.waitFor(60, TimeUnit.SECONDS) && ff.exitValue() == 0, "ffmpeg: " + ffOut);
        double[] ends = new double[order.size()];   // where each turn (with its pause) ends
        double t = 0;
        for (int i = 0; i < order.size(); i++) {
            t += dev.sws.audio.io.AudioFiles.read(Path.of(order.get(i)), 16000).durationSeconds() + 3;
            ends[i] = t;
        }

        FxRobot robot = new FxRobot();
        TranscribePane pane = open();
        TranscribeViewModel vm = pane.viewModel();
        assertTrue(ctx.settings().asr().labelSpeakers(), "labels are on by default");
        robot.interact(() -> vm.open(talk));
        await("segments labelled by voice", () -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE
                && vm.infoProperty().get().contains("heard"));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> labelled = List.copyOf(vm.speakers());
        for (int i = 0; i < vm.segments().size(); i++) {
            double mid = (vm.segments().get(i).start() + vm.segments().get(i).end()) / 2;
            int turn = 0;
            while (turn < ends.length - 1 && mid > ends[turn]) {
                turn++;
            }
            assertEquals(turn % 2 == 0 ? "Speaker 1" : "Speaker 2", labelled.get(i), "segment " + i + " at " + mid + " s: " + labelled);
        }
        assertTrue(vm.infoProperty().get().contains("2 voices heard"), vm.infoProperty().get());
        screenshot(robot, "speakers.png");

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        assertTrue(vm.speakers().stream().allMatch(String::isBlank), "undo removes the labels: " + vm.speakers());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.L).release(KeyCode.SHIFT, KeyCode.CONTROL);
        await("labelled again on demand", () -> vm.infoProperty().get().contains("Undo restores"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(labelled, List.copyOf(vm.speakers()));
    }
}
