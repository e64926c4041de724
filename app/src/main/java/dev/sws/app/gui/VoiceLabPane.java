package dev.sws.app.gui;

import dev.sws.workstation.Workstation;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * The Voice Lab workspace: "Speak" (text to speech with any saved voice: play, regenerate with another seed, NFE or
 * speed, export) and "Clone a voice" (consent → clips → reference and transcript → advice → save).
 */
public final class VoiceLabPane extends VBox implements AutoCloseable {

    private final VoiceLabViewModel vm;

    public VoiceLabPane(VoiceLabViewModel vm, Stage stage) {
        this.vm = vm;
        setId("voice-lab-pane");
        getStyleClass().add("workspace");
        Label title = new Label("Voice Lab");
        title.getStyleClass().add("workspace-title");
        TabPane tabs = new TabPane(new Tab("Speak", speakTab(stage)), new Tab("Clone a voice", cloneTab(stage)));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("voice-tabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        Label info = new Label();
        info.setId("voice-info");
        info.setWrapText(true);
        info.textProperty().bind(vm.infoProperty());
        getChildren().addAll(title, tabs, info);
        setSpacing(8);
    }

    private VBox speakTab(Stage stage) {
        ComboBox<String> voice = new ComboBox<>(vm.voiceNames());
        voice.setId("voice-choice");
        vm.voiceNames().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (voice.getValue() == null && !vm.voiceNames().isEmpty()) {
                voice.setValue(vm.voiceNames().getFirst());
            }
        });
        TextArea text = new TextArea("Hello! This is the house voice of Speech Workstation.");
        text.setId("voice-text");
        text.setWrapText(true);
        text.setPrefRowCount(5);
        Spinner<Integer> nfe = new Spinner<>(1, 64, 8);
        nfe.setId("voice-nfe");
        nfe.setEditable(true);
        nfe.setTooltip(new Tooltip("Sampler steps: fewer is faster. 8 is the default: on the model's tuned grid it sounds as clear as 16."));
        Spinner<Integer> takes = new Spinner<>(1, dev.sws.tts.Synthesizer.MAX_TAKES, vm.preferences().takes());
        takes.setId("voice-takes");
        takes.setPrefWidth(70);
        takes.setTooltip(new Tooltip("Render each sentence up to this many times and keep the take our speech recogniser "
                + "understands best: clearer, and that many times slower at worst."));
        Slider speed = new Slider(0.5, 2.0, vm.preferences().speed());
        speed.setId("voice-speed");
        speed.setShowTickLabels(true);
        speed.setMajorTickUnit(0.5);
        speed.setTooltip(new Tooltip("Speaking rate relative to the voice's reference."));
        long[] seed = {0};
        Button speak = new Button("▶ Speak");
        speak.setId("voice-speak");
        speak.setDefaultButton(true);
        speak.setOnAction(e -> vm.synthesize(text.getText(), voice.getValue(), nfe.getValue(), (float) speed.getValue(), seed[0],
                takes.getValue()));
        Button again = new Button("↻ Regenerate");
        again.setId("voice-regenerate");
        again.setTooltip(new Tooltip("Render the same text again with another random seed."));
        again.setOnAction(e -> vm.synthesize(text.getText(), voice.getValue(), nfe.getValue(), (float) speed.getValue(), ++seed[0],
                takes.getValue()));
        Button play = new Button("Play");
        play.setOnAction(e -> vm.play());
        Button stop = new Button("■ Stop");
        stop.setId("voice-stop");
        stop.setOnAction(e -> vm.cancel());
        Button export = new Button("Export…");
        export.setId("voice-export");
        export.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().addAll(FileDrop.audioOutputFilters());
            fc.setInitialFileName("speech.wav");
            File f = fc.showSaveDialog(stage);
            if (f != null) {
                vm.export(f.toPath());
            }
        });
        speak.disableProperty().bind(vm.stateProperty().isNotEqualTo(VoiceLabViewModel.State.IDLE));
        again.disableProperty().bind(Bindings.or(vm.stateProperty().isNotEqualTo(VoiceLabViewModel.State.IDLE),
                vm.outputProperty().isNull()));
        play.disableProperty().bind(vm.outputProperty().isNull());
        export.disableProperty().bind(vm.outputProperty().isNull());
        Button removeVoice = new Button("Remove voice");
        removeVoice.setId("voice-remove");
        removeVoice.setTooltip(new Tooltip("Deletes the chosen saved voice (its reference clip and consent record); "
                + "the model's built-in voices stay"));
        removeVoice.disableProperty().bind(voice.valueProperty().isNull()
                .or(vm.stateProperty().isNotEqualTo(VoiceLabViewModel.State.IDLE)));
        removeVoice.setOnAction(e -> {
            javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                    "Remove the voice \"" + voice.getValue() + "\" with its reference clip and consent record?",
                    javafx.scene.control.ButtonType.CANCEL, javafx.scene.control.ButtonType.OK);
            ask.initOwner(stage);
            ask.setHeaderText("Remove voice");
            if (Boolean.getBoolean("sws.gui.noDialogs")
                    || ask.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).isPresent()) {
                vm.removeVoice(voice.getValue());
                voice.setValue(null);
            }
        });
        Button renameVoice = new Button("Rename…");
        renameVoice.setId("voice-rename");
        renameVoice.setTooltip(new Tooltip("Gives the chosen saved voice another name; its reference clip and consent stay"));
        renameVoice.disableProperty().bind(removeVoice.disableProperty());
        renameVoice.setOnAction(e -> {
            String from = voice.getValue();
            javafx.scene.control.TextInputDialog ask = new javafx.scene.control.TextInputDialog(from);
            ask.initOwner(stage);
            ask.setTitle("Rename voice");
            ask.setHeaderText("New name for the voice \"" + from + "\"");
            ask.getEditor().setId("voice-rename-field");
            ask.showAndWait().map(String::strip).filter(n -> !n.equals(from))
                    .ifPresent(n -> vm.renameVoice(from, n, voice::setValue));
        });
        javafx.scene.control.ProgressBar progress = new javafx.scene.control.ProgressBar();
        progress.setId("voice-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.stateProperty().isEqualTo(VoiceLabViewModel.State.SYNTHESIZING));
        // the voice and what can be done with it on one line, how it is spoken on the next: nothing cut off at 1100 px
        voice.setPrefWidth(200);
        nfe.setPrefWidth(80);
        HBox voices = new HBox(8, fixed(new Label("Voice")), voice, renameVoice, removeVoice);
        HBox opts = new HBox(8, fixed(new Label("Steps")), nfe, fixed(new Label("Speed")), speed, fixed(new Label("Best of")), takes);
        for (HBox row : List.of(voices, opts)) {
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }
        for (Button b : List.of(renameVoice, removeVoice)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox actions = new HBox(8, speak, again, play, stop, export, progress);
        // every rendering stays in a list: select one to play or export it, Delete drops it, double-click plays it
        javafx.scene.control.ListView<VoiceLabViewModel.Take> takeList = new javafx.scene.control.ListView<>(vm.takes());
        takeList.setId("voice-take-list");
        takeList.setPrefHeight(150);
        takeList.setPlaceholder(new Label("Each rendering is kept here for comparing: select one to play or export it."));
        vm.takes().addListener((javafx.collections.ListChangeListener<VoiceLabViewModel.Take>) c -> {
            if (!vm.takes().isEmpty() && (takeList.getSelectionModel().isEmpty() || vm.takes().getFirst().audio() == vm.outputProperty().get())) {
                takeList.getSelectionModel().select(0);   // the newest is the one just rendered
            }
        });
        takeList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.select(now));
        takeList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && takeList.getSelectionModel().getSelectedItem() != null) {
                vm.play();
            }
        });
        takeList.setOnKeyPressed(e -> {
            var t = takeList.getSelectionModel().getSelectedItem();
            if (t != null && (e.getCode() == javafx.scene.input.KeyCode.DELETE || e.getCode() == javafx.scene.input.KeyCode.BACK_SPACE)) {
                vm.removeTake(t);
                e.consume();
            }
        });
        VBox.setVgrow(takeList, javafx.scene.layout.Priority.ALWAYS);
        VBox box = new VBox(8, voices, opts, text, actions, new Label("Takes"), takeList);
        box.setPadding(new Insets(8));
        return box;
    }

    private VBox cloneTab(Stage stage) {
        // step 1: consent
        TextField speaker = new TextField();
        speaker.setId("clone-speaker");
        speaker.setPromptText("Who is speaking");
        TextField purpose = new TextField();
        purpose.setId("clone-purpose");
        purpose.setPromptText("What the voice will be used for");
        CheckBox consent = new CheckBox("The speaker agreed that their voice is cloned for this purpose.");
        consent.setId("clone-consent");
        // step 2: clips
        ListView<Path> clips = new ListView<>(vm.clips());
        clips.setId("clone-clips");
        clips.setPrefHeight(90);
        clips.setPlaceholder(new Label("Drop 1-8 clips of the speaker here (3-12 s of clear speech in all)."));
        FileDrop.install(clips, () -> true, f -> vm.addClips(List.of(f)));
        Button add = new Button("Add clips…");
        add.setId("clone-add");
        add.setOnAction(e -> {
            List<File> fs = new FileChooser().showOpenMultipleDialog(stage);
            if (fs != null) {
                vm.addClips(fs.stream().map(File::toPath).toList());
            }
        });
        Button remove = new Button("Remove");
        remove.setOnAction(e -> {
            Path p = clips.getSelectionModel().getSelectedItem();
            if (p != null) {
                vm.removeClip(p);
            }
        });
        Button build = new Button("Check clips and transcribe");
        build.setId("clone-build");
        build.disableProperty().bind(Bindings.or(Bindings.isEmpty(vm.clips()),
                vm.stateProperty().isNotEqualTo(VoiceLabViewModel.State.IDLE)));
        build.setOnAction(e -> vm.buildReference());
        // step 3: transcript + advice
        TextArea transcript = new TextArea();
        transcript.setId("clone-transcript");
        transcript.setPromptText("What the reference says (written by our ASR; correct it word for word)");
        transcript.setPrefRowCount(2);
        transcript.setWrapText(true);
        vm.transcriptProperty().addListener((o, a, b) -> transcript.setText(b));
        ListView<String> advice = new ListView<>(vm.advice());
        advice.setId("clone-advice");
        advice.setPrefHeight(90);
        advice.setCellFactory(lv -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                prefWidthProperty().bind(lv.widthProperty().subtract(24));
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        // step 4: save
        TextField name = new TextField();
        name.setId("clone-name");
        name.setPromptText("Voice name");
        Button save = new Button("Save voice");
        save.setId("clone-save");
        save.disableProperty().bind(Bindings.or(Bindings.or(consent.selectedProperty().not(), vm.referenceProperty().isNull()),
                Bindings.or(name.textProperty().isEmpty(), transcript.textProperty().isEmpty())));
        save.setOnAction(e -> vm.save(name.getText(), transcript.getText(), speaker.getText(), purpose.getText(), consent.isSelected()));
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.addRow(0, new Label("1  Consent"), new HBox(8, speaker, purpose));
        g.add(consent, 1, 1);
        g.addRow(2, new Label("2  Clips"), new VBox(6, clips, new HBox(8, add, remove, build)));
        g.addRow(3, new Label("3  Transcript"), transcript);
        g.addRow(4, new Label("   Checks"), advice);
        g.addRow(5, new Label("4  Save"), new HBox(8, name, save));
        GridPane.setHgrow(clips, Priority.ALWAYS);
        VBox box = new VBox(8, g);
        box.setPadding(new Insets(8));
        return box;
    }

    public VoiceLabViewModel viewModel() {
        return vm;
    }

    @Override
    public void close() {
        vm.close();
    }
    /** A label that keeps its whole text when its row is short of room. */
    private static Label fixed(Label l) {
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

}
