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
import javafx.stage.FileChooser;
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
        open.setOnAction(e -> FileDrop.chooseAudio(stage, "Open audio", vm::transcribeFile));
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
            mi.setOnAction(e -> {
                FileChooser fc = new FileChooser();
                fc.setInitialFileName(baseName(vm.sourceProperty().get()) + "." + f.extension());
                File out = fc.showSaveDialog(stage);
                if (out != null) {
                    vm.export(out.toPath(), f);
                }
            });
            export.getItems().add(mi);
        }
        Button correct = new Button("Correct…");
        correct.setId("correct-button");
        correct.setTooltip(new javafx.scene.control.Tooltip("Propose corrections of the finished segments for review (Ctrl+K); the correction model is chosen in Settings"));
        correct.setOnAction(e -> vm.correct());
        var idle = vm.stateProperty().isEqualTo(TranscribeViewModel.State.IDLE);
        correct.disableProperty().bind(Bindings.isEmpty(vm.segments()).or(idle.not()).or(vm.review().busyProperty()));
        open.disableProperty().bind(idle.not());
        record.disableProperty().bind(idle.not());
        stop.disableProperty().bind(idle);
        export.disableProperty().bind(Bindings.isEmpty(vm.segments()).or(idle.not()));

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
        HBox toolbar = new HBox(8, open, record, stop, export, correct, grow, level, progress);

        Label source = new Label();
        source.textProperty().bind(vm.sourceProperty());
        Label info = new Label();
        info.setId("transcribe-info");
        info.getStyleClass().add("hint");
        info.textProperty().bind(vm.infoProperty());

        WaveformView wave = new WaveformView();
        wave.summaryProperty().bind(vm.waveformProperty());
        wave.playheadProperty().bind(vm.playheadProperty());
        wave.setOnSeek(vm::playFrom);
        wave.setPrefHeight(90);
        wave.setMinHeight(70);

        TranscriptView transcript = new TranscriptView();
        transcript.setId("transcript-view");
        transcript.bind(vm.segments(), vm.partialProperty());
        transcript.setOnWord(vm::playFrom);
        VBox.setVgrow(transcript, Priority.ALWAYS);

        VBox onboarding = onboarding(open);
        onboarding.visibleProperty().bind(Bindings.isEmpty(vm.segments()).and(idle).and(vm.waveformProperty().isNull()));
        onboarding.managedProperty().bind(onboarding.visibleProperty());
        transcript.visibleProperty().bind(onboarding.visibleProperty().not());
        transcript.managedProperty().bind(transcript.visibleProperty());
        getChildren().addAll(title, toolbar, source, wave, onboarding, transcript, new CorrectionReviewView(vm.review()), info);

        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.K,
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> {
                    if (!correct.isDisabled()) {
                        vm.correct();
                    }
                });
            }
        });
        FileDrop.install(this, () -> vm.stateProperty().get() == TranscribeViewModel.State.IDLE, vm::transcribeFile);
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
                        + "the microphone live. Click a word to hear it; export TXT, SRT, VTT or JSON."),
                card(batch, "Transcribe a whole folder, crash-safe and resumable, with several workers."),
                card(voice, "Give a 3-12 s clip of someone who agreed to it and type text to speak in that voice, or use a built-in voice (Voice Lab)."));
        Label hint = new Label("Shortcuts: Ctrl+1…6 switch workspaces, Ctrl+K proposes corrections. Models load on first use.");
        hint.getStyleClass().add("hint");
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
