package dev.sws.app.gui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;

/** The Codec Lab workspace: audio → tokens → audio with the house codec, token image, bit rate, quality, A/B playback. */
public final class CodecLabPane extends VBox implements AutoCloseable {
    private final CodecLabViewModel vm;

    public CodecLabPane(CodecLabViewModel vm, Stage stage) {
        this.vm = vm;
        setId("codec-lab-pane");
        getStyleClass().add("workspace");
        Label title = new Label("Codec Lab");
        title.getStyleClass().add("workspace-title");
        Button open = new Button("Open audio or tokens…");
        open.setId("codec-open");
        open.setOnAction(e -> FileDrop.chooseAudio(stage, "Open audio or tokens", vm::open, "*.tokens", "*.json", "*.npy"));
        Button record = new Button("● Record");
        record.setId("codec-record");
        record.setOnAction(e -> vm.startRecording());
        Button playA = new Button("▶ Original");
        playA.setId("codec-play-original");
        playA.setOnAction(e -> vm.playOriginal());
        Button playB = new Button("▶ Decoded");
        playB.setId("codec-play-decoded");
        playB.setOnAction(e -> vm.playDecoded());
        Button stop = new Button("■ Stop");
        stop.setOnAction(e -> vm.stop());
        Button saveTokens = new Button("Save tokens…");
        saveTokens.setId("codec-save-tokens");
        saveTokens.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName(base() + ".tokens");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Token file", "*.tokens"),
                    new FileChooser.ExtensionFilter("JSON", "*.json"), new FileChooser.ExtensionFilter("NumPy", "*.npy"));
            File f = fc.showSaveDialog(stage);
            if (f != null) {
                vm.saveTokens(f.toPath());
            }
        });
        Button saveAudio = new Button("Save decoded audio…");
        saveAudio.setId("codec-save-audio");
        saveAudio.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName(base() + ".decoded.wav");
            fc.getExtensionFilters().addAll(FileDrop.audioOutputFilters());
            File f = fc.showSaveDialog(stage);
            if (f != null) {
                vm.saveAudio(f.toPath());
            }
        });
        var idle = vm.stateProperty().isEqualTo(CodecLabViewModel.State.IDLE);
        var none = vm.resultProperty().isNull();
        open.disableProperty().bind(idle.not());
        record.disableProperty().bind(idle.not());
        playA.disableProperty().bind(none.or(vm.originalWaveProperty().isNull()));
        playB.disableProperty().bind(none);
        saveTokens.disableProperty().bind(none);
        saveAudio.disableProperty().bind(none);
        HBox toolbar = new HBox(8, open, record, playA, playB, stop, saveTokens, saveAudio);

        Label stats = new Label();
        stats.setId("codec-stats");
        stats.setWrapText(true);
        stats.textProperty().bind(vm.statsProperty());
        WaveformView original = new WaveformView();
        original.summaryProperty().bind(vm.originalWaveProperty());
        original.setPrefHeight(80);
        WaveformView decoded = new WaveformView();
        decoded.summaryProperty().bind(vm.decodedWaveProperty());
        decoded.playheadProperty().bind(vm.playheadProperty());
        decoded.setPrefHeight(80);
        TokenImage tokens = new TokenImage();
        tokens.setId("codec-token-image");
        vm.resultProperty().addListener((o, a, r) -> tokens.setTokens(r == null ? null : r.tokens()));
        VBox.setVgrow(tokens, Priority.SOMETIMES);
        Label info = new Label();
        info.setId("codec-info");
        info.getStyleClass().add("hint");
        info.textProperty().bind(vm.infoProperty());
        getChildren().addAll(title, toolbar, stats, new Label("Original"), original, new Label("Tokens (one row per codebook)"),
                tokens, new Label("Decoded"), decoded, info);

        FileDrop.install(this, () -> vm.stateProperty().get() == CodecLabViewModel.State.IDLE, vm::open);
    }

    private String base() {
        var r = vm.resultProperty().get();
        return r == null ? "audio" : r.source().replaceFirst("\\.[^.]+$", "");
    }

    public CodecLabViewModel viewModel() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
    }
}
