package dev.sws.app.gui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;

import java.io.File;
import java.nio.file.Path;

/** Folder transcription: pick input and output folders and formats; files are listed as they finish. */
final class BatchPane extends VBox {

    BatchPane(BatchViewModel vm, Stage stage) {
        getStyleClass().add("workspace");
        setId("batch-pane");
        Label title = new Label("Batch");
        title.getStyleClass().add("workspace-title");
        TextField input = new TextField();
        input.setId("batch-input");
        input.setPromptText("Folder with audio files (searched recursively)");
        TextField output = new TextField();
        output.setId("batch-output");
        output.setPromptText("Output folder");
        // output formats as a check list (a typo in free text used to fail the job)
        javafx.scene.layout.HBox formats = new javafx.scene.layout.HBox(12);
        formats.setId("batch-formats");
        java.util.List<javafx.scene.control.CheckBox> formatBoxes = new java.util.ArrayList<>();
        for (dev.sws.asr.export.TranscriptFormat f : dev.sws.asr.export.TranscriptFormat.values()) {
            javafx.scene.control.CheckBox b = new javafx.scene.control.CheckBox(f.name());
            b.setId("batch-format-" + f.extension());
            b.setUserData(f.extension());
            b.setSelected(!f.extension().equals("vtt"));
            formatBoxes.add(b);
            formats.getChildren().add(b);
        }
        javafx.beans.binding.BooleanBinding noFormat = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> formatBoxes.stream().noneMatch(javafx.scene.control.CheckBox::isSelected),
                formatBoxes.stream().map(javafx.scene.control.CheckBox::selectedProperty).toArray(javafx.beans.Observable[]::new));
        // tasks per file: transcription is always there; the others are opt-in
        javafx.scene.control.CheckBox punctuate = new javafx.scene.control.CheckBox("punctuation and capitals");
        punctuate.setId("batch-task-punctuate");
        punctuate.setSelected(vm.punctuateByDefault());
        punctuate.setTooltip(new javafx.scene.control.Tooltip("Write the transcripts as sentences; off: the recogniser's "
                + "lower-case words. Kept with the job, so a resumed job writes its files as it began"));
        javafx.scene.control.CheckBox correct = new javafx.scene.control.CheckBox("correct (NAME.corrected.*)");
        correct.setId("batch-task-correct");
        javafx.scene.control.CheckBox speakers = new javafx.scene.control.CheckBox("speaker labels");
        speakers.setId("batch-task-speakers");
        speakers.setTooltip(new javafx.scene.control.Tooltip("Label each transcript's segments Speaker 1, Speaker 2, … by voice, in every format"));
        javafx.scene.control.CheckBox codec = new javafx.scene.control.CheckBox("codec tokens (NAME.tokens)");
        codec.setId("batch-task-codec");
        javafx.scene.control.CheckBox tts = new javafx.scene.control.CheckBox("speak .txt files (NAME.wav)");
        tts.setId("batch-task-tts");
        // the task boxes wrap onto a second line in a narrow window instead of squeezing the labels
        javafx.scene.layout.FlowPane tasks = new javafx.scene.layout.FlowPane(12, 4, new Label("transcribe"), punctuate, correct, speakers, codec,
                tts);
        tasks.setPrefWrapLength(720);   // its height follows the lines it really needs at a usual width
        Button pickIn = new Button("…");
        pickIn.setOnAction(e -> choose(stage, input));
        Button pickOut = new Button("…");
        pickOut.setOnAction(e -> choose(stage, output));
        int cores = Runtime.getRuntime().availableProcessors();
        javafx.scene.control.Spinner<Integer> workers = new javafx.scene.control.Spinner<>(1, Math.max(1, cores), 1);
        workers.setId("batch-workers");
        workers.setPrefWidth(80);
        workers.setTooltip(new javafx.scene.control.Tooltip("Files worked on in parallel, each with its own recogniser ("
                + cores + " cores here)"));
        javafx.scene.control.Spinner<Integer> streams = new javafx.scene.control.Spinner<>(1, 64, 1);
        streams.setId("batch-streams");
        streams.setPrefWidth(80);
        streams.setTooltip(new javafx.scene.control.Tooltip("Files each worker transcribes at once through one batched "
                + "recogniser: the same transcripts; more audio per second on a GPU"));
        javafx.scene.control.CheckBox retry = new javafx.scene.control.CheckBox("try files that failed before again");
        retry.setId("batch-retry");
        javafx.scene.layout.HBox run = new javafx.scene.layout.HBox(12, new Label("workers"), workers, new Label("streams each"),
                streams, retry);
        run.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        GridPane g = new GridPane(8, 6);
        g.addRow(0, new Label("Input folder"), input, pickIn);
        g.addRow(1, new Label("Output folder"), output, pickOut);
        g.addRow(2, new Label("Formats"), formats);
        Label tasksName = new Label("Tasks");
        GridPane.setValignment(tasksName, javafx.geometry.VPos.TOP);
        g.addRow(3, tasksName, tasks);
        g.addRow(4, new Label("Run"), run);
        javafx.scene.layout.ColumnConstraints names = new javafx.scene.layout.ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // "Input folder", never "In…"
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(0);
        g.getColumnConstraints().setAll(names, fields);
        GridPane.setHgrow(tasks, Priority.ALWAYS);
        GridPane.setHgrow(input, Priority.ALWAYS);
        GridPane.setHgrow(output, Priority.ALWAYS);
        Button start = new Button("Start / resume");
        start.setId("batch-start");
        start.disableProperty().bind(vm.runningProperty().or(input.textProperty().isEmpty()).or(output.textProperty().isEmpty())
                .or(noFormat));
        start.setOnAction(e -> vm.start(Path.of(input.getText().strip()), Path.of(output.getText().strip()),
                String.join(",", formatBoxes.stream().filter(javafx.scene.control.CheckBox::isSelected)
                        .map(b -> (String) b.getUserData()).toList()),
                "transcribe" + (punctuate.isSelected() ? ",punctuate" : "") + (correct.isSelected() ? ",correct" : "") + (speakers.isSelected() ? ",speakers" : "")
                        + (codec.isSelected() ? ",codec" : "") + (tts.isSelected() ? ",tts" : ""),
                workers.getValue(), streams.getValue(), retry.isSelected()));
        Button openOut = new Button("Open output folder");
        openOut.setId("batch-open-output");
        openOut.disableProperty().bind(output.textProperty().isEmpty());
        openOut.setOnAction(e -> vm.openFolder(Path.of(output.getText().strip())));
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(8, start, openOut);
        TableView<BatchViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("batch-table");
        table.getColumns().add(Tables.column("File", BatchViewModel.Row::file, 260));
        table.getColumns().add(Tables.column("State", BatchViewModel.Row::state, 80));
        table.getColumns().add(Tables.column("Detail", BatchViewModel.Row::detail, 520));
        table.setPlaceholder(new Label("Finished files appear here. A job interrupted by a crash resumes where it stopped."));
        VBox.setVgrow(table, Priority.ALWAYS);
        Label status = new Label();
        status.setId("batch-status");
        status.getStyleClass().add("hint");
        status.textProperty().bind(vm.statusProperty());
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("batch-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty().or(vm.progressProperty().greaterThan(0)));
        getChildren().addAll(title, g, buttons, bar, table, status);
    }

    private static void choose(Stage stage, TextField target) {
        File d = new DirectoryChooser().showDialog(stage);
        if (d != null) {
            target.setText(d.getAbsolutePath());
        }
    }
}
