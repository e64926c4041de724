package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.core.bus.ErrorEvent;
import javafx.animation.PauseTransition;
import javafx.scene.control.Separator;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Main window: workspace navigation on the left (Ctrl+1..6), the selected workspace in the centre, and a status bar
 * (device, model, real-time factor, queued jobs, last message). Workspaces are built on first use.
 */
public final class MainView extends BorderPane implements AutoCloseable {

    private final MainViewModel vm;
    private final Map<String, Supplier<Node>> factories = new LinkedHashMap<>();
    private final Map<String, Node> built = new LinkedHashMap<>();
    private final ToggleGroup nav = new ToggleGroup();
    private final NotificationPane notifications = new NotificationPane();
    private TranscribePane transcribe;

    public MainView(Workstation ctx, Stage stage) {
        this.vm = new MainViewModel(ctx, this::showError);
        notifications.setId("error-notification");
        notifications.setShowFromTop(true);
        notifications.setCloseButtonVisible(true);
        getStyleClass().add("main-view");
        factories.put("Transcribe", () -> {
            transcribe = new TranscribePane(new TranscribeViewModel(ctx), stage);
            transcribe.setNavigator(this::navigate);
            return transcribe;
        });
        factories.put("Voice Lab", () -> new VoiceLabPane(new VoiceLabViewModel(ctx), stage));
        factories.put("Codec Lab", () -> new CodecLabPane(new CodecLabViewModel(ctx), stage));
        factories.put("Batch", () -> new BatchPane(new BatchViewModel(ctx), stage));
        factories.put("Models", () -> new ModelsPane(new ModelsViewModel(ctx), ctx, stage));
        factories.put("Settings", () -> new SettingsPane(ctx, stage));
        VBox side = new VBox();
        side.getStyleClass().add("nav");
        Label title = new Label("Speech Workstation");
        title.getStyleClass().add("nav-title");
        side.getChildren().add(title);
        for (String name : factories.keySet()) {
            ToggleButton b = new ToggleButton(name);
            b.setId("nav-" + name.toLowerCase().replace(' ', '-'));
            b.setToggleGroup(nav);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setOnAction(e -> {
                if (!b.isSelected()) {
                    b.setSelected(true);
                }
                show(name);
            });
            side.getChildren().add(b);   // Ctrl+1..6: the View menu
        }
        setLeft(side);
        setTop(new AppMenus(this, ctx, stage).bar());
        setCenter(notifications);
        ((ToggleButton) side.getChildren().get(1)).setSelected(true);
        show("Transcribe");
        setBottom(statusBar());
    }

    /** Selects workspace {@code name} as its navigation button would (an unknown name: Transcribe). */
    public void navigate(String name) {
        if (!factories.containsKey(name)) {
            name = "Transcribe";
        }
        for (var t : nav.getToggles()) {
            if (t instanceof ToggleButton b && b.getText().equals(name)) {
                b.setSelected(true);
            }
        }
        show(name);
    }

    /** Shows a workspace by its navigation name (builds it on first use). */
    public void show(String name) {
        Node n = built.computeIfAbsent(name, k -> factories.get(k).get());
        notifications.setContent(n);
        current = name;
    }

    private String current = "Transcribe";

    /** The workspace shown. */
    public String current() {
        return current;
    }

    /** The Transcribe workspace (built if it was not yet), shown. */
    public TranscribePane transcribe() {
        navigate("Transcribe");
        return transcribe;
    }

    /**
     * Opens audio files given on the command line: the first in the editor, the others in File ▸ Open Recent (one
     * transcript is edited at a time). A name that is not a readable file is said so, in one sentence.
     */
    public void openFiles(java.util.List<java.nio.file.Path> files) {
        TranscribePane t = transcribe();
        java.util.List<java.nio.file.Path> ok = files.stream().filter(java.nio.file.Files::isRegularFile).toList();
        for (java.nio.file.Path p : ok.reversed().subList(0, Math.max(0, ok.size() - 1))) {
            try {
                t.viewModel().remember(p);
            } catch (RuntimeException e) {
                vm.setMessage(e.getMessage());
            }
        }
        if (!ok.isEmpty()) {
            t.viewModel().open(ok.getFirst());
        }
        if (ok.size() < files.size()) {
            vm.setMessage("Not a file: " + files.stream().filter(p -> !java.nio.file.Files.isRegularFile(p)).map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", ")) + ".");
        } else if (ok.size() > 1) {
            vm.setMessage((ok.size() - 1) + " more file" + (ok.size() > 2 ? "s are" : " is") + " in File ▸ Open Recent.");
        }
    }

    /**
     * The status bar (ControlsFX): the latest message, a progress bar while a model loads or a file is transcribed
     * (busy while the amount is unknown), and the model, device and speed on the right.
     */
    private StatusBar statusBar() {
        Label device = bound(vm.deviceProperty());
        device.setId("status-device");
        Label model = bound(vm.modelProperty());
        model.setId("status-model");
        Label rtf = bound(vm.rtfProperty());
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.textProperty().bind(vm.messageProperty());
        TranscribeViewModel t = transcribe.viewModel();
        bar.progressProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> switch (t.stateProperty().get()) {
            case LOADING -> -1.0;
            case TRANSCRIBING -> t.progressProperty().get() > 0 ? t.progressProperty().get() : -1.0;
            default -> vm.progressProperty().get();
        }, t.stateProperty(), t.progressProperty(), vm.progressProperty()));
        bar.getRightItems().addAll(model, new Separator(javafx.geometry.Orientation.VERTICAL), device,
                new Separator(javafx.geometry.Orientation.VERTICAL), rtf);
        return bar;
    }

    /**
     * Errors as a bar over the workspace (ControlsFX NotificationPane) that hides itself after a while: the work goes
     * on, nothing waits for a click. The status bar keeps the message.
     */
    private void showError(ErrorEvent e) {
        notifications.setText(e.source() + ": " + e.userMessage());
        notifications.show();
        PauseTransition hide = new PauseTransition(javafx.util.Duration.seconds(ERROR_SECONDS));
        String shown = notifications.getText();
        hide.setOnFinished(x -> {
            if (shown.equals(notifications.getText())) {
                notifications.hide();
            }
        });
        hide.play();
    }

    static final double ERROR_SECONDS = 12;

    private static Label bound(javafx.beans.value.ObservableValue<String> p) {
        Label l = new Label();
        l.textProperty().bind(p);
        return l;
    }

    /** The workspace names, in navigation order. */
    java.util.List<String> workspaces() {
        return java.util.List.copyOf(factories.keySet());
    }

    MainViewModel viewModel() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
        for (Node n : built.values()) {   // workspaces that own players, models or tasks
            if (n instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    java.util.logging.Logger.getLogger(MainView.class.getName()).log(java.util.logging.Level.WARNING, "closing a workspace", e);
                }
            }
        }
    }
}
