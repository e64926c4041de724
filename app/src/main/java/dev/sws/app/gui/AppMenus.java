package dev.sws.app.gui;

import dev.sws.asr.export.TranscriptFormat;
import dev.sws.workstation.Workstation;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The menu bar with the usual shortcuts: File (open, recent, transcribe again, save, export, quit), Edit (undo, redo,
 * find, replace, corrections), Playback (play/pause, skip, speed, loop, zoom), View (workspaces) and Help. Transcript
 * commands act on the Transcribe workspace and only while it is shown, so that Ctrl+Z in another workspace never
 * changes a transcript out of sight.
 */
final class AppMenus {

    private final MainView view;
    private final Workstation ctx;
    private final Stage stage;

    AppMenus(MainView view, Workstation ctx, Stage stage) {
        this.view = view;
        this.ctx = ctx;
        this.stage = stage;
    }

    MenuBar bar() {
        MenuBar bar = new MenuBar(file(), edit(), playback(), workspaces(), help());
        bar.setId("menu-bar");
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private Menu file() {
        MenuItem open = item("Open audio…", key(KeyCode.O), () -> view.transcribe().openDialog(stage));
        open.setId("menu-open");
        Menu recent = new Menu("Open Recent");
        recent.setId("menu-recent");
        recent.getItems().add(new MenuItem("(none)"));
        recent.setOnShowing(e -> {
            recent.getItems().clear();
            for (Path p : view.transcribe().viewModel().recent()) {
                MenuItem m = new MenuItem(p.getFileName() + "  —  " + (p.getParent() == null ? "" : p.getParent()));
                m.setMnemonicParsing(false);
                m.setOnAction(a -> view.transcribe().viewModel().open(p));
                recent.getItems().add(m);
            }
            if (recent.getItems().isEmpty()) {
                MenuItem none = new MenuItem("(none yet)");
                none.setDisable(true);
                recent.getItems().add(none);
            }
        });
        MenuItem again = item("Transcribe Again", null, onTranscript(p -> p.viewModel().transcribeAgain()));
        MenuItem save = item("Save", key(KeyCode.S), onTranscript(p -> p.viewModel().save()));
        Menu export = new Menu("Export");
        for (TranscriptFormat f : TranscriptFormat.values()) {
            export.getItems().add(item(f.name() + " (." + f.extension() + ")", null, onTranscript(p -> p.exportDialog(stage, f))));
        }
        MenuItem quit = item("Quit", key(KeyCode.Q), () -> {
            stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
            Platform.exit();
        });
        return new Menu("File", null, open, recent, new SeparatorMenuItem(), again, save, export, new SeparatorMenuItem(), quit);
    }

    private Menu edit() {
        MenuItem undo = item("Undo", key(KeyCode.Z), onTranscript(p -> p.viewModel().undo()));
        undo.setId("menu-undo");
        MenuItem redo = item("Redo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                onTranscript(p -> p.viewModel().redo()));
        MenuItem redoY = item("Redo (Ctrl+Y)", key(KeyCode.Y), onTranscript(p -> p.viewModel().redo()));
        redoY.setVisible(false);   // the other common redo key; shown once is enough
        MenuItem find = item("Find…", key(KeyCode.F), onTranscript(p -> p.showFind(false)));
        MenuItem replace = item("Replace…", key(KeyCode.H), onTranscript(p -> p.showFind(true)));
        MenuItem correct = item("Propose Corrections", key(KeyCode.K), onTranscript(p -> p.viewModel().correct()));
        MenuItem speakers = item("Label Speakers by Voice",
                new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), onTranscript(p -> p.viewModel().labelSpeakers()));
        speakers.setId("menu-label-speakers");
        return new Menu("Edit", null, undo, redo, redoY, new SeparatorMenuItem(), find, replace, new SeparatorMenuItem(), correct,
                speakers);
    }

    private Menu playback() {
        MenuItem play = item("Play / Pause", key(KeyCode.SPACE), onTranscript(p -> p.viewModel().togglePlay()));
        MenuItem back = item("Back 5 Seconds", new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN),
                onTranscript(p -> p.viewModel().skip(-5)));
        MenuItem fwd = item("Forward 5 Seconds", new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN),
                onTranscript(p -> p.viewModel().skip(5)));
        MenuItem slower = item("Slower", key(KeyCode.OPEN_BRACKET), onTranscript(p -> speed(p, -0.25)));
        MenuItem faster = item("Faster", key(KeyCode.CLOSE_BRACKET), onTranscript(p -> speed(p, 0.25)));
        CheckMenuItem loop = new CheckMenuItem("Loop Selection");
        loop.setAccelerator(key(KeyCode.L));
        loop.setOnAction(e -> onTranscript(p -> p.viewModel().loopProperty().set(loop.isSelected())).run());
        Menu m = new Menu("Playback", null, play, back, fwd, new SeparatorMenuItem(), slower, faster, loop, new SeparatorMenuItem(),
                item("Zoom In", key(KeyCode.EQUALS), onTranscript(p -> p.waveform().zoom(2))),
                item("Zoom Out", key(KeyCode.MINUS), onTranscript(p -> p.waveform().zoom(0.5))));
        m.setOnShowing(e -> loop.setSelected(view.current().equals("Transcribe") && view.transcribe().viewModel().loopProperty().get()));
        return m;
    }

    private static void speed(TranscribePane p, double step) {
        var t = p.viewModel().tempoProperty();
        t.set(Math.max(0.5, Math.min(2.0, t.get() + step)));
        if (p.viewModel().playingProperty().get()) {
            p.viewModel().playFrom(p.viewModel().resumePosition());
        }
        p.viewModel().announce(String.format(java.util.Locale.ROOT, "Playback speed %.2g×.", t.get()));
    }

    private Menu workspaces() {
        Menu m = new Menu("View");
        int i = 1;
        for (String name : view.workspaces()) {
            m.getItems().add(item(name, new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i++)), KeyCombination.SHORTCUT_DOWN),
                    () -> view.navigate(name)));
        }
        return m;
    }

    private Menu help() {
        MenuItem keys = item("Keyboard Shortcuts", new KeyCodeCombination(KeyCode.F1), () -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, SHORTCUTS);
            a.initOwner(stage);
            a.setHeaderText("Keyboard shortcuts");
            a.getDialogPane().setMinWidth(560);
            a.show();
        });
        MenuItem about = item("About Speech Workstation", null, () -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, "Speech Workstation " + dev.sws.app.cli.SwsCommand.VERSION
                    + "\nOffline transcription, correction, voice cloning and batch processing.\nData: " + ctx.paths().data());
            a.initOwner(stage);
            a.setHeaderText("Speech Workstation");
            a.show();
        });
        return new Menu("Help", null, keys, about);
    }

    static final String SHORTCUTS = String.join("\n",
            "Ctrl+O  open audio            Ctrl+S  save (edits are saved as you go)",
            "Ctrl+Z  undo                  Ctrl+Shift+Z / Ctrl+Y  redo",
            "Ctrl+F  find                  Ctrl+H  replace",
            "Enter / F2 / double-click  edit the selected line",
            "   in the editor: Enter keeps, Escape drops, Alt+Enter splits at the caret, Tab edits the next line",
            "Up / Down  select a line      Ctrl+M  join the line with the next",
            "Ctrl+Space  play / pause      Alt+Left / Alt+Right  back / forward 5 s",
            "Ctrl+[ / Ctrl+]  slower / faster (pitch kept)     Ctrl+L  loop the waveform selection",
            "Ctrl+= / Ctrl+-  zoom the waveform (also Ctrl+wheel); drag on it to select",
            "Ctrl+K  propose corrections   Ctrl+Shift+L  label speakers by voice",
            "Ctrl+1…6  workspaces          Ctrl+Q  quit");

    /** An action on the Transcribe workspace, run only while it is shown. */
    private Runnable onTranscript(Consumer<TranscribePane> action) {
        return () -> {
            if (view.current().equals("Transcribe")) {
                action.accept(view.transcribe());
            }
        };
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private static KeyCombination key(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }
}
