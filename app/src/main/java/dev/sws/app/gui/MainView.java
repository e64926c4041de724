package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.core.bus.ErrorEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
    private TranscribePane transcribe;

    public MainView(Workstation ctx, Stage stage) {
        this.vm = new MainViewModel(ctx, e -> showError(stage, e));
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
        factories.put("Settings", () -> {
            javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(new SettingsPane(ctx, stage));
            scroll.setFitToWidth(true);   // a small window scrolls instead of cutting the settings off
            scroll.getStyleClass().add("workspace-scroll");
            return scroll;
        });
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
        setBottom(statusBar());
        ((ToggleButton) side.getChildren().get(1)).setSelected(true);
        show("Transcribe");
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
        setCenter(n);
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

    private HBox statusBar() {
        Label device = bound(vm.deviceProperty());
        device.setId("status-device");
        Label model = bound(vm.modelProperty());
        model.setId("status-model");
        Label rtf = bound(vm.rtfProperty());
        Label msg = bound(vm.messageProperty());
        msg.setId("status-message");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(16, msg, grow, model, device, rtf);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(4, 10, 4, 10));
        return bar;
    }

    private static Label bound(javafx.beans.value.ObservableValue<String> p) {
        Label l = new Label();
        l.textProperty().bind(p);
        return l;
    }

    private static void showError(Stage owner, ErrorEvent e) {
        if (!owner.isShowing() || Boolean.getBoolean("sws.gui.noDialogs")) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.ERROR, e.userMessage());
        a.initOwner(owner);
        a.setHeaderText(e.source());
        a.show();
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
