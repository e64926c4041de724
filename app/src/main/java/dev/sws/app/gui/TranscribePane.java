package dev.sws.app.gui;

import dev.sws.asr.export.TranscriptFormat;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;

/** The Transcribe workspace: open/drop a file or record, watch partials and finals, click a word to play, export. */
public final class TranscribePane extends VBox implements AutoCloseable {

    private final TranscribeViewModel vm;

    public TranscribePane(TranscribeViewModel vm, Stage stage) {
        this.vm = vm;
        getStyleClass().add("workspace");
        setId("transcribe-pane");
        Label title = new Label("Transcribe");
        title.getStyleClass().add("workspace-title");

        Button open = new Button("Open audio…");
        open.setId("open-button");
        open.setOnAction(e -> openDialog(stage));
        Button record = new Button("● Record");
        record.setId("record-button");
        record.setOnAction(e -> vm.startRecording());
        Button stop = new Button("■ Stop");
        stop.setId("stop-button");
        stop.setOnAction(e -> vm.stop());
        MenuButton export = new MenuButton("Export");
        export.setId("export-button");
        for (TranscriptFormat f : TranscriptFormat.values()) {
            MenuItem mi = new MenuItem(f.name() + " (." + f.extension() + ")");
            mi.setOnAction(e -> exportDialog(stage, f));
            export.getItems().add(mi);
        }
        Button correct = new Button("Correct…");
        correct.setId("correct-button");
        correct.setTooltip(new javafx.scene.control.Tooltip("Propose corrections of the finished segments for review (Ctrl+K); the correction model is chosen in Settings"));
        correct.setOnAction(e -> vm.correct());
        Button undo = new Button("↶");
        undo.setId("undo-button");
        undo.setTooltip(new javafx.scene.control.Tooltip("Undo (Ctrl+Z)"));
        undo.setOnAction(e -> vm.undo());
        Button redo = new Button("↷");
        redo.setId("redo-button");
        redo.setTooltip(new javafx.scene.control.Tooltip("Redo (Ctrl+Shift+Z)"));
        redo.setOnAction(e -> vm.redo());
        var idle = vm.stateProperty().isEqualTo(TranscribeViewModel.State.IDLE);
        correct.disableProperty().bind(Bindings.isEmpty(vm.segments()).or(idle.not()).or(vm.review().busyProperty()));
        open.disableProperty().bind(idle.not());
        record.disableProperty().bind(idle.not());
        stop.disableProperty().bind(idle);
        export.disableProperty().bind(Bindings.isEmpty(vm.segments()).or(idle.not()));
        undo.disableProperty().bind(vm.canUndoProperty().not().or(idle.not()));
        redo.disableProperty().bind(vm.canRedoProperty().not().or(idle.not()));
        Label saved = new Label();
        saved.setId("saved-status");
        saved.getStyleClass().add("hint");
        saved.textProperty().bind(vm.savedProperty());
        saved.setTooltip(new javafx.scene.control.Tooltip("Every change is saved as you make it; opening this audio again brings it back"));

        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.setPrefWidth(180);
        progress.visibleProperty().bind(vm.stateProperty().isEqualTo(TranscribeViewModel.State.TRANSCRIBING)
                .or(vm.stateProperty().isEqualTo(TranscribeViewModel.State.LOADING)));
        ProgressBar level = new ProgressBar();
        level.getStyleClass().add("level-bar");
        level.progressProperty().bind(vm.levelProperty());
        level.setPrefWidth(120);
        level.visibleProperty().bind(vm.stateProperty().isEqualTo(TranscribeViewModel.State.RECORDING));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        level.managedProperty().bind(level.visibleProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        HBox toolbar = new HBox(8, open, record, stop, export, correct, undo, redo, saved, grow, level, progress);
        for (var n : toolbar.getChildren()) {
            if (n instanceof Region r && n != grow) {
                r.setMinWidth(Region.USE_PREF_SIZE);   // labels whole, never "Open audi…"
            }
        }
        toolbar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        Label source = new Label();
        source.textProperty().bind(vm.sourceProperty());
        Label info = new Label();
        info.setId("transcribe-info");
        info.getStyleClass().add("hint");
        info.textProperty().bind(vm.infoProperty());

        WaveformView wave = new WaveformView();
        wave.setId("waveform");
        wave.summaryProperty().bind(vm.waveformProperty());
        wave.playheadProperty().bind(vm.playheadProperty());
        vm.selectionStartProperty().bind(wave.selectionStartProperty());
        vm.selectionEndProperty().bind(wave.selectionEndProperty());
        wave.setOnSeek(vm::playFrom);
        wave.setPrefHeight(90);
        wave.setMinHeight(70);
        this.wave = wave;

        TranscriptView transcript = new TranscriptView();
        transcript.setId("transcript-view");
        transcript.bind(vm, () -> vm.lowConfidenceMark());
        VBox.setVgrow(transcript, Priority.ALWAYS);
        this.transcript = transcript;

        findBar = new FindBar(vm, transcript);
        HBox transport = transport(vm, wave);
        transport.visibleProperty().bind(vm.waveformProperty().isNotNull());
        transport.managedProperty().bind(transport.visibleProperty());

        VBox onboarding = onboarding(open);
        onboarding.visibleProperty().bind(Bindings.isEmpty(vm.segments()).and(idle).and(vm.waveformProperty().isNull()));
        onboarding.managedProperty().bind(onboarding.visibleProperty());
        transcript.visibleProperty().bind(onboarding.visibleProperty().not());
        transcript.managedProperty().bind(transcript.visibleProperty());
        getChildren().addAll(title, toolbar, source, wave, transport, findBar, onboarding, transcript,
                new CorrectionReviewView(vm.review()), info);

        FileDrop.install(this, () -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE, vm::open);
    }

    private final WaveformView wave;
    private final TranscriptView transcript;
    private final FindBar findBar;
    private Path lastFolder;

    /** Play/pause, back and forward 5 s, speed, loop the selection, zoom, and the position. */
    private static HBox transport(TranscribeViewModel vm, WaveformView wave) {
        Button play = new Button();
        play.setId("play-button");
        play.textProperty().bind(Bindings.when(vm.playingProperty()).then("‖ Pause").otherwise("▶ Play"));
        play.setTooltip(new javafx.scene.control.Tooltip("Play or pause (Ctrl+Space)"));
        play.setOnAction(e -> vm.togglePlay());
        Button back = new Button("⟲ 5 s");
        back.setId("back-button");
        back.setTooltip(new javafx.scene.control.Tooltip("Back 5 seconds: hear the last words again (Alt+Left)"));
        back.setOnAction(e -> vm.skip(-5));
        Button fwd = new Button("5 s ⟳");
        fwd.setTooltip(new javafx.scene.control.Tooltip("Forward 5 seconds (Alt+Right)"));
        fwd.setOnAction(e -> vm.skip(5));
        javafx.scene.control.ComboBox<Double> speed = new javafx.scene.control.ComboBox<>();
        speed.setId("speed-choice");
        speed.getItems().addAll(0.5, 0.75, 1.0, 1.25, 1.5, 2.0);
        speed.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : String.format(Locale.ROOT, "%.2g×", d);
            }

            @Override
            public Double fromString(String s) {
                return Double.parseDouble(s.replace("×", "").strip());
            }
        });
        speed.setValue(vm.tempoProperty().get());
        speed.setTooltip(new javafx.scene.control.Tooltip("Playback speed; the pitch stays as it is (WSOLA)"));
        vm.tempoProperty().addListener((o, a, b) -> speed.setValue(b.doubleValue()));   // also set from the menu
        speed.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.tempoProperty().get()) {
                vm.tempoProperty().set(b);
                if (vm.playingProperty().get()) {
                    vm.playFrom(vm.resumePosition());
                }
            }
        });
        javafx.scene.control.ToggleButton loop = new javafx.scene.control.ToggleButton("⟳ Loop selection");
        loop.setId("loop-button");
        loop.setTooltip(new javafx.scene.control.Tooltip("Drag on the waveform to select; play then repeats the selection"));
        loop.selectedProperty().bindBidirectional(vm.loopProperty());
        Button zoomIn = new Button("+");
        zoomIn.setId("zoom-in");
        zoomIn.setTooltip(new javafx.scene.control.Tooltip("Zoom in on the waveform (Ctrl+wheel, Ctrl+=)"));
        zoomIn.setOnAction(e -> wave.zoom(2));
        Button zoomOut = new Button("−");
        zoomOut.setTooltip(new javafx.scene.control.Tooltip("Zoom out (Ctrl+wheel, Ctrl+-)"));
        zoomOut.setOnAction(e -> wave.zoom(0.5));
        Label where = new Label();
        where.setId("position-label");
        where.getStyleClass().add("hint");
        Runnable show = () -> {
            var w = vm.waveformProperty().get();
            double at = vm.playheadProperty().get() >= 0 ? vm.playheadProperty().get() : vm.resumePosition();
            where.setText(w == null ? "" : TranscriptView.clock(at) + " / " + TranscriptView.clock(w.durationSeconds())
                    + (wave.zoomProperty().get() > 1 ? String.format(Locale.ROOT, "   zoom %.0f×", wave.zoomProperty().get()) : ""));
        };
        vm.playheadProperty().addListener((o, a, b) -> show.run());
        vm.waveformProperty().addListener((o, a, b) -> show.run());
        wave.zoomProperty().addListener((o, a, b) -> show.run());
        HBox bar = new HBox(6, play, back, fwd, new Label("Speed"), speed, loop, zoomOut, zoomIn, where);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.getStyleClass().add("transport");
        return bar;
    }

    /** The "Open" dialog, starting in the folder of the audio opened last. */
    void openDialog(Stage stage) {
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Open audio");
        fc.getExtensionFilters().addAll(FileDrop.audioFilter(), new javafx.stage.FileChooser.ExtensionFilter("All files", "*.*"));
        Path dir = startFolder();
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        File f = fc.showOpenDialog(stage);
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    /** The "Export" dialog for {@code f}, starting beside the audio with its name. */
    void exportDialog(Stage stage, TranscriptFormat f) {
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Export transcript");
        fc.setInitialFileName(baseName(vm.sourceProperty().get()) + "." + f.extension());
        fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(f.name(), "*." + f.extension()));
        Path dir = startFolder();
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        File out = fc.showSaveDialog(stage);
        if (out != null) {
            vm.export(out.toPath(), f);
        }
    }

    private Path startFolder() {
        var d = vm.documentProperty().get();
        Path audio = d != null && d.audio() != null ? d.audio() : vm.recent().stream().findFirst().orElse(null);
        Path dir = audio == null ? null : audio.getParent();
        return dir != null && java.nio.file.Files.isDirectory(dir) ? dir : null;
    }

    /** Shows the find bar (with the replace field when {@code replace}). */
    public void showFind(boolean replace) {
        findBar.show(replace);
    }

    public WaveformView waveform() {
        return wave;
    }

    public TranscriptView transcriptView() {
        return transcript;
    }

    private java.util.function.Consumer<String> navigator = name -> { };

    /** Where the onboarding buttons go (set by the main window: workspace name → shown). */
    public void setNavigator(java.util.function.Consumer<String> n) {
        navigator = n;
    }

    /** First-run / empty state: the three jobs of the workstation, each one click away. */
    private VBox onboarding(Button open) {
        VBox box = new VBox(10);
        box.setId("onboarding");
        box.getStyleClass().add("onboarding");
        VBox.setVgrow(box, Priority.ALWAYS);
        Label head = new Label("What would you like to do?");
        head.getStyleClass().add("workspace-title");
        Button transcribe = new Button("Transcribe a file…");
        transcribe.setId("onboarding-transcribe");
        transcribe.setOnAction(e -> open.fire());
        Button batch = new Button("Batch a folder");
        batch.setId("onboarding-batch");
        batch.setOnAction(e -> navigator.accept("Batch"));
        Button voice = new Button("Clone a voice");
        voice.setId("onboarding-voice");
        voice.setOnAction(e -> navigator.accept("Voice Lab"));
        box.getChildren().addAll(head,
                card(transcribe, "Open or drop any audio file (wav, flac, mp3, ogg, opus, m4a), or press ● Record to transcribe "
                        + "the microphone live. Then listen and fix it: click a word to hear it, double-click a line to edit; "
                        + "export TXT, SRT, VTT or JSON."),
                card(batch, "Transcribe a whole folder, crash-safe and resumable, with several workers."),
                card(voice, "Give a 3-12 s clip of someone who agreed to it and type text to speak in that voice, or use a built-in voice (Voice Lab)."));
        Label hint = new Label("Shortcuts: Ctrl+O open, Ctrl+Space play/pause, Alt+Left replay 5 s, double-click or Enter edits a line, "
                + "Ctrl+Z undo, Ctrl+F find, Ctrl+K proposes corrections, Ctrl+1…6 switch workspaces (all of them: Help ▸ "
                + "Keyboard Shortcuts, F1). Your edits are saved as you go.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);   // the whole sentence, also in a narrow window
        box.getChildren().add(hint);
        return box;
    }

    private static HBox card(Button b, String text) {
        b.setMinWidth(170);
        Label l = new Label(text);
        l.setWrapText(true);
        HBox c = new HBox(12, b, l);
        c.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        c.getStyleClass().add("onboarding-card");
        return c;
    }

    private static String baseName(String source) {
        if (source == null || source.isBlank()) {
            return "transcript";
        }
        String n = Path.of(source).getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).toLowerCase(Locale.ROOT).isEmpty() ? "transcript" : (dot > 0 ? n.substring(0, dot) : n);
    }

    public TranscribeViewModel viewModel() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
    }
}
