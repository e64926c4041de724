package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.core.settings.Settings;
import dev.sws.core.util.UserFacingException;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** Settings: every field is validated by the settings records before it is saved (JSON in the XDG config folder). */
final class SettingsPane extends VBox {

    SettingsPane(Workstation ctx, Stage stage) {
        setId("settings-pane");
        Settings s = ctx.settings();
        Label title = new Label("Settings");
        title.getStyleClass().add("workspace-title");
        ChoiceBox<String> theme = choice(s.ui().theme(), "system", "light", "dark");
        ChoiceBox<String> device = choice(s.device().device(), "auto", "cpu");
        device.setId("settings-device");
        java.util.Map<String, ChoiceBox<String>> taskDevice = new java.util.TreeMap<>();
        for (Settings.Task task : Settings.Task.values()) {
            String t = task.key();
            ChoiceBox<String> c = choice(s.device().tasks().getOrDefault(t, "auto"), "auto", "cpu");
            c.setId("settings-device-" + t);
            taskDevice.put(t, c);
        }
        // the GPUs come from the driver, off the FX thread
        ctx.executor().submit(dev.sws.core.exec.BackgroundTask.of("list GPUs", p -> dev.sws.workstation.service.GpuService.deviceChoices()))
                .future().thenAcceptAsync(choices -> {
                    for (ChoiceBox<String> c : java.util.stream.Stream.concat(java.util.stream.Stream.of(device), taskDevice.values().stream()).toList()) {
                        String v = c.getValue();
                        choices.keySet().stream().filter(k -> !c.getItems().contains(k)).forEach(c.getItems()::add);
                        c.setValue(v);
                    }
                    device.setTooltip(new javafx.scene.control.Tooltip(String.join("\n", choices.values())));
                }, FxExecutor.INSTANCE);
        Spinner<Integer> threads = new Spinner<>(0, 256, s.device().threads());
        ChoiceBox<String> latency = choice(s.asr().latency().key(), java.util.Arrays.stream(Settings.Asr.Latency.values())
                .map(Settings.Asr.Latency::key).toArray(String[]::new));
        ChoiceBox<String> decoding = choice(s.asr().decoding().key(), java.util.Arrays.stream(Settings.Asr.Decoding.values())
                .map(Settings.Asr.Decoding::key).toArray(String[]::new));
        Spinner<Integer> beam = new Spinner<>(1, 32, s.asr().beamSize());
        Spinner<Double> endpoint = new Spinner<>(0.2, 10.0, s.asr().endpointSilence(), 0.1);
        javafx.scene.control.ComboBox<String> languageModel = new javafx.scene.control.ComboBox<>();
        languageModel.setId("settings-lm");
        languageModel.setEditable(true);   // house, none, or the path of an ARPA file
        languageModel.getItems().addAll(Settings.Asr.HOUSE_LM, Settings.Asr.NO_LM);
        languageModel.setValue(s.asr().languageModel());
        languageModel.setTooltip(new javafx.scene.control.Tooltip("Word n-gram fused into beam search: house (the house "
                + "trigram), none, or the path of an ARPA file (.arpa or .arpa.gz)"));
        var dropNonSpeech = checkBox("settings-drop-nonspeech", "Drop segments without speech",
                !s.asr().keepNonSpeech(),
                "A voice activity detector (Silero VAD) listens along; "
                + "a segment during which it heard no speech (steady noise, hum, music without voice) is left out of the "
                + "transcript instead of becoming invented words");
        var labelSpeakers = checkBox("settings-label-speakers", "Label speakers by voice",
                s.asr().labelSpeakers(),
                "After a file is transcribed, the speaker encoder groups "
                + "its segments by voice and labels them Speaker 1, Speaker 2, … when it hears more than one person "
                + "(Edit › Label Speakers does it on demand)");
        var punctuate = checkBox("settings-punctuate", "Punctuation and capitals",
                s.asr().punctuate(),
                "Finished segments, files, batch outputs and exports are "
                + "written with commas, periods, question marks and capitals by the punctuation model; off: lower-case "
                + "words as the recogniser hears them");
        ChoiceBox<String> model = new ChoiceBox<>();
        model.getItems().add("(default)");
        ctx.models().list().stream().filter(m -> "asr".equals(m.manifest().task())).forEach(m -> model.getItems().add(m.id()));
        model.setValue(s.asr().modelId().isEmpty() ? "(default)" : s.asr().modelId());
        javafx.scene.control.CheckBox autoCorrect = new javafx.scene.control.CheckBox("Propose corrections after each file");
        autoCorrect.setId("settings-autocorrect");
        autoCorrect.setSelected(s.correction().enabled());
        ChoiceBox<String> corrector = new ChoiceBox<>();
        corrector.getItems().add("(default)");
        ctx.models().list().stream().filter(m -> "llm".equals(m.manifest().task())).forEach(m -> corrector.getItems().add(m.id()));
        corrector.setValue(s.correction().modelId().isEmpty() ? "(default)" : s.correction().modelId());
        javafx.scene.control.Spinner<Double> editRatio = new javafx.scene.control.Spinner<>(0.05, 1.0, s.correction().maxEditRatio(), 0.05);
        editRatio.setEditable(true);
        Spinner<Double> ttsSpeed = new Spinner<>(0.5, 2.0, s.tts().speed(), 0.05);
        ttsSpeed.setId("settings-tts-speed");
        ttsSpeed.setEditable(true);
        Spinner<Integer> ttsTakes = new Spinner<>(1, Settings.Tts.MAX_TAKES, s.tts().takes());
        ttsTakes.setId("settings-tts-takes");
        ttsTakes.setEditable(true);
        ttsTakes.setTooltip(new javafx.scene.control.Tooltip("Render each sentence up to this many times and keep the take "
                + "our speech recogniser understands best (Voice Lab, batch, sws synthesize): clearer, slower"));
        Spinner<Double> lowConfidence = new Spinner<>(0.0, 1.0, s.ui().lowConfidence(), 0.05);
        lowConfidence.setId("settings-low-confidence");
        lowConfidence.setEditable(true);
        lowConfidence.setTooltip(new javafx.scene.control.Tooltip("Words recognised with less confidence than this are "
                + "underlined in the transcript, so that you check them first (0 = no marks)"));
        GridPane g = new GridPane(12, 8);
        int r = 0;
        g.addRow(r++, new Label("Theme"), theme);
        g.addRow(r++, new Label("Mark words below confidence"), lowConfidence);
        g.addRow(r++, new Label("Compute device"), device);
        javafx.scene.layout.HBox perTask = new javafx.scene.layout.HBox(6);
        taskDevice.forEach((t, c) -> perTask.getChildren().addAll(new Label(t), c));
        g.addRow(r++, new Label("Per task (auto = as above)"), perTask);
        g.addRow(r++, new Label("CPU threads (0 = automatic)"), threads);
        g.addRow(r++, new Label("Speech recognition model"), model);
        g.addRow(r++, new Label("Latency"), latency);
        g.addRow(r++, new Label("Decoding"), decoding);
        g.addRow(r++, new Label("Beam size"), beam);
        g.addRow(r++, new Label("Language model (beam search)"), languageModel);
        g.addRow(r++, new Label("End of utterance after silence (s)"), endpoint);
        g.addRow(r++, new Label("Noise"), dropNonSpeech);
        g.addRow(r++, new Label("Speakers"), labelSpeakers);
        g.addRow(r++, new Label("Text"), punctuate);
        g.addRow(r++, new Label("Transcript correction (LLM)"), autoCorrect);
        g.addRow(r++, new Label("Correction model"), corrector);
        g.addRow(r++, new Label("Largest accepted change (share of words)"), editRatio);
        g.addRow(r++, new Label("Speech synthesis speed"), ttsSpeed);
        g.addRow(r, new Label("Takes per sentence (best kept)"), ttsTakes);
        Label status = new Label();
        status.setId("settings-status");
        Button save = new Button("Save");
        save.setId("settings-save");
        save.setOnAction(e -> {
            try {
                Settings cur = ctx.settings();
                String lm = languageModel.getEditor().getText().strip();
                if (!lm.isEmpty() && !Settings.Asr.HOUSE_LM.equals(lm) && !Settings.Asr.NO_LM.equals(lm)
                        && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(lm))) {
                    throw new UserFacingException("Language model: " + lm + " is not a file (house, none, or an ARPA file).");
                }
                java.util.Map<String, String> tasks = new java.util.TreeMap<>();
                taskDevice.forEach((t, c) -> {
                    if (!"auto".equals(c.getValue())) {
                        tasks.put(t, c.getValue());
                    }
                });
                Settings next = new Settings(new Settings.Device(device.getValue(), threads.getValue(), tasks),
                        new Settings.Asr(model.getValue().equals("(default)") ? "" : model.getValue(),
                                Settings.Asr.Latency.parse(latency.getValue()), Settings.Asr.Decoding.parse(decoding.getValue()),
                                beam.getValue(), endpoint.getValue(), cur.asr().maxUtterance(),
                                lm, !dropNonSpeech.isSelected(), labelSpeakers.isSelected(), punctuate.isSelected()),
                        new Settings.Correction(autoCorrect.isSelected(), corrector.getValue().equals("(default)") ? ""
                                : corrector.getValue(), editRatio.getValue()),
                        cur.tts().withSpeedAndTakes(ttsSpeed.getValue(), ttsTakes.getValue()),
                        new Settings.Ui(theme.getValue(), lowConfidence.getValue()), cur.folders());
                ctx.updateSettings(next);
                Themes.apply(stage.getScene(), next.ui().theme());
                status.setText("Saved to " + ctx.paths().settingsFile() + ". Model and device changes apply to the next job.");
                status.getStyleClass().setAll("label", "ok-text");
            } catch (Exception ex) {
                status.setText(UserFacingException.messageOf(ex));
                status.getStyleClass().setAll("label", "error-text");
            }
        });
        VBox content = new VBox(title, g, new GpuSection(ctx));
        content.getStyleClass().add("workspace");
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);   // a small window scrolls instead of cutting the settings off
        scroll.getStyleClass().add("workspace-scroll");
        VBox.setVgrow(scroll, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox footer = new javafx.scene.layout.HBox(12, save, status);   // Save stays in view
        footer.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        footer.setPadding(new javafx.geometry.Insets(8, 16, 8, 16));
        status.setWrapText(true);
        getChildren().addAll(scroll, footer);
    }

    private static javafx.scene.control.CheckBox checkBox(String id, String text, boolean selected, String tooltip) {
        javafx.scene.control.CheckBox c = new javafx.scene.control.CheckBox(text);
        c.setId(id);
        c.setSelected(selected);
        c.setTooltip(new javafx.scene.control.Tooltip(tooltip));
        return c;
    }

    private static ChoiceBox<String> choice(String value, String... items) {
        ChoiceBox<String> c = new ChoiceBox<>();
        c.getItems().addAll(items);
        if (!c.getItems().contains(value)) {
            c.getItems().add(value);
        }
        c.setValue(value);
        return c;
    }
}
