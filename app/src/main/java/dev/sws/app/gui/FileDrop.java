package dev.sws.app.gui;

import javafx.scene.Node;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Drag-and-drop of one file onto a workspace, and the audio file filter the workspaces share. */
final class FileDrop {
    /** Patterns of the audio files the workstation reads ({@link dev.sws.audio.io.AudioFiles#AUDIO_EXTENSIONS}). */
    static final String[] AUDIO = dev.sws.audio.io.AudioFiles.AUDIO_EXTENSIONS.stream().sorted().map(e -> "*." + e)
            .toArray(String[]::new);

    private FileDrop() {}

    /** Accepts a dropped file while {@code ready} holds and hands the first one to {@code onFile}. */
    static void install(Node target, BooleanSupplier ready, Consumer<Path> onFile) {
        target.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && ready.getAsBoolean()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        target.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                onFile.accept(e.getDragboard().getFiles().getFirst().toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** An "Open" dialog for audio (plus {@code extra} patterns, e.g. "*.tokens"); the chosen file goes to {@code onFile}. */
    static void chooseAudio(javafx.stage.Window owner, String title, Consumer<Path> onFile, String... extra) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().addAll(audioFilter(extra), new FileChooser.ExtensionFilter("All files", "*.*"));
        java.io.File f = fc.showOpenDialog(owner);
        if (f != null) {
            onFile.accept(f.toPath());
        }
    }

    /** Save dialogs for audio: the formats {@code AudioFiles.write} takes, lossless first. */
    static java.util.List<FileChooser.ExtensionFilter> audioOutputFilters() {
        return java.util.List.of(new FileChooser.ExtensionFilter("WAV", "*.wav"), new FileChooser.ExtensionFilter("FLAC", "*.flac"),
                new FileChooser.ExtensionFilter("MP3", "*.mp3"), new FileChooser.ExtensionFilter("Opus", "*.opus"),
                new FileChooser.ExtensionFilter("AAC (M4A)", "*.m4a"));
    }

    static FileChooser.ExtensionFilter audioFilter(String... extra) {
        String[] all = java.util.Arrays.copyOf(AUDIO, AUDIO.length + extra.length);
        System.arraycopy(extra, 0, all, AUDIO.length, extra.length);
        return new FileChooser.ExtensionFilter(extra.length == 0 ? "Audio" : "Audio or tokens", all);
    }
}
