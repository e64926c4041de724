package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.model.InstalledModel;
import dev.sws.core.util.UserFacingException;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Models workspace: installed models with their cards and metrics; verify, import and remove in the background. */
public final class ModelsViewModel {

    /** One table row. */
    public record Row(String id, String name, String task, String format, String size, String licence, String origin,
                      String metrics, InstalledModel model) {
    }

    private final Workstation ctx;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper maskedLmInstalled = new javafx.beans.property.ReadOnlyBooleanWrapper();

    public ModelsViewModel(Workstation ctx) {
        this.ctx = ctx;
        refresh();
    }

    public void refresh() {
        ctx.executor().submit(BackgroundTask.of("list models", p -> ctx.models().list()))
                .future().thenAcceptAsync(this::setRows, FxExecutor.INSTANCE);
    }

    private void setRows(List<InstalledModel> models) {
        rows.setAll(models.stream().map(m -> new Row(m.id(), m.manifest().name(), m.manifest().task(), m.manifest().format(),
                String.format(Locale.ROOT, "%.1f MB", m.sizeBytes() / 1e6), m.manifest().licence(),
                m.embedded() ? "embedded" : "imported", metrics(m.manifest().metrics()), m)).toList());
        status.set(models.size() + " models installed.");
        maskedLmInstalled.set(models.stream().anyMatch(m -> m.manifest().task().equals("mlm")));
    }

    /** Whether a masked LM (task {@code mlm}) is installed: correction rescores with it. */
    public javafx.beans.property.ReadOnlyBooleanProperty maskedLmInstalledProperty() {
        return maskedLmInstalled.getReadOnlyProperty();
    }

    /** Installs BERT from the Maven repository ({@code SWS_MAVEN_REPO} or Maven Central); call off the FX thread. */
    public void installMaskedLm(dev.sws.core.exec.Progress progress) throws java.io.IOException {
        ctx.correction().installMaskedLm(dev.sws.workstation.service.GpuService.defaultRepo(), progress);
    }

    private static String metrics(Map<String, Object> m) {
        return m.entrySet().stream().filter(e -> !(e.getValue() instanceof Map) && !(e.getValue() instanceof List))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** Re-hashes every file of the model and runs its format's contract check. */
    public void verify(Row row) {
        status.set("Verifying " + row.id() + "…");
        ctx.executor().submit(BackgroundTask.of("verify " + row.id(), p -> ctx.models().verify(row.model())))
                .future().whenCompleteAsync((problems, err) -> {
                    if (err != null) {
                        status.set(UserFacingException.messageOf(err));
                    } else {
                        status.set(problems.isEmpty() ? row.id() + ": all files intact, contract OK."
                                : row.id() + ": " + String.join("; ", problems));
                    }
                }, FxExecutor.INSTANCE);
    }

    /** Imports a model folder or zip (validated against its format's contract before it is installed). */
    public void importModel(Path source) {
        status.set("Importing " + source.getFileName() + "…");
        ctx.executor().submit(BackgroundTask.of("import model", p -> ctx.models().importModel(source, null)))
                .future().whenCompleteAsync((m, err) -> {
                    if (err != null) {
                        String msg = UserFacingException.messageOf(err);
                        status.set(msg);
                        ctx.bus().publish(new ErrorEvent("Import model", msg, err));
                    } else {
                        status.set("Imported " + m.id() + ".");
                        refresh();
                    }
                }, FxExecutor.INSTANCE);
    }

    public void remove(Row row) {
        if (row.model().embedded()) {
            status.set(row.id() + " ships with the application and cannot be removed.");
            return;
        }
        ctx.executor().submit(BackgroundTask.of("remove model", p -> {
            ctx.models().remove(row.id());
            return row.id();
        })).future().whenCompleteAsync((id, err) -> {
            status.set(err != null ? UserFacingException.messageOf(err) : "Removed " + id + ".");
            refresh();
        }, FxExecutor.INSTANCE);
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
