package dev.sws.app.gui;

import dev.sws.workstation.Workstation;
import dev.sws.workstation.batch.BatchRunner;
import dev.sws.workstation.batch.JobStore;
import dev.sws.asr.Transcript;
import dev.sws.core.bus.ErrorEvent;
import dev.sws.core.exec.BackgroundTask;
import dev.sws.core.util.UserFacingException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.Locale;

/** The Batch workspace: transcribe a folder through the crash-safe job store (same engine as {@code sws batch}). */
public final class BatchViewModel {

    /** One file row. */
    public record Row(String file, String state, String detail) {
    }

    private final Workstation ctx;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a folder of audio files and an output folder.");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);

    public BatchViewModel(Workstation ctx) {
        this.ctx = ctx;
    }

    /** Starts (or, for the same folders, resumes) a transcription job in the background. */
    public void start(Path input, Path output, String formats) {
        start(input, output, formats, "transcribe");
    }

    /** Starts (or, for the same folders, formats and tasks, resumes) a batch job with {@code tasks} in the background. */
    public void start(Path input, Path output, String formats, String tasks) {
        if (running.get()) {
            return;
        }
        running.set(true);
        rows.clear();
        status.set("Scanning " + input + "…");
        long t0 = System.nanoTime();
        ctx.executor().submit(BackgroundTask.of("batch", p -> {
            try (JobStore store = new JobStore(ctx.paths().state().resolve("jobs.db"))) {
                store.notice().ifPresent(n -> ctx.bus().publish(new ErrorEvent("Batch", n, null)));
                var taskSet = BatchRunner.parseTasks(tasks);
                String taskList = String.join(",", taskSet);
                JobStore.Job job = store.find(input, output, formats, ctx.settings().asr().modelId(), taskList).orElse(null);
                if (job == null) {
                    BatchRunner.scan(input, taskSet);
                    job = store.createJob(input, output, formats, ctx.settings().asr().modelId(), taskList);
                }
                String modelId = job.model().isEmpty() ? null : job.model();
                var runner = new BatchRunner(store, () -> ctx.asr().fileTranscriber(modelId), 1, ctx.batchTasks());
                return runner.run(job, new BatchRunner.Listener() {
                    @Override
                    public void fileStarted(JobStore.FileRow f) {
                        FxExecutor.INSTANCE.execute(() -> status.set("Working on " + Path.of(f.path()).getFileName() + "…"));
                    }

                    @Override
                    public void fileFinished(JobStore.FileRow f, Transcript t) {
                        add(f, "done", String.format(Locale.ROOT, "%.1f s of audio, RTF %.3f%s", t.durationSeconds(), t.rtf(),
                                t.notes().isEmpty() ? "" : "; " + t.notes()));
                    }

                    @Override
                    public void fileFailed(JobStore.FileRow f, String reason) {
                        add(f, "failed", reason);
                    }
                });
            }
        }).onSuccess(s -> {
            running.set(false);
            status.set(String.format(Locale.ROOT, "Finished: %d %s, %d failed, %d already done earlier; %.1f min of audio per minute.",
                    s.done(), BatchRunner.doneVerb(tasks), s.failed(), s.skipped(), s.audioPerCompute()));
        }).onFailure(e -> {
            running.set(false);
            String msg = UserFacingException.messageOf(e);
            status.set(msg);
            ctx.bus().publish(new ErrorEvent("Batch", msg, e));
        }));
    }

    private void add(JobStore.FileRow f, String state, String detail) {
        Row r = new Row(Path.of(f.path()).getFileName().toString(), state, detail);
        FxExecutor.INSTANCE.execute(() -> rows.add(r));
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
