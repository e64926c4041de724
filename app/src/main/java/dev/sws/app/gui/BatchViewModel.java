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
import java.util.List;
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
    private final javafx.beans.property.ReadOnlyDoubleWrapper progress = new javafx.beans.property.ReadOnlyDoubleWrapper(0);
    private final java.util.Map<String, Integer> rowOf = new java.util.HashMap<>();   // file path -> row (FX thread)
    private int toDo;       // files this run works on
    private int finished;   // of those, done or failed so far
    private long runStart;

    public BatchViewModel(Workstation ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts (or, for the same folders, resumes) a transcription job in the background, punctuated as the settings
     * say.
     */
    public void start(Path input, Path output, String formats) {
        start(input, output, formats, punctuateByDefault() ? "transcribe,punctuate" : "transcribe");
    }

    /** Whether a new job writes sentences (punctuation and capitals) unless told otherwise: the settings' choice. */
    public boolean punctuateByDefault() {
        return ctx.settings().asr().punctuate();
    }

    /** Starts (or, for the same folders, formats and tasks, resumes) a batch job with {@code tasks} in the background. */
    public void start(Path input, Path output, String formats, String tasks) {
        start(input, output, formats, tasks, 1, 1, false);
    }

    /**
     * As {@link #start(Path, Path, String, String)} with {@code workers} files in parallel (each with its own
     * recogniser, transcribing {@code streams} files at once through it); {@code retryFailed} queues the files that
     * failed in earlier runs again.
     */
    public void start(Path input, Path output, String formats, String tasks, int workers, int streams, boolean retryFailed) {
        if (running.get()) {
            return;
        }
        running.set(true);   // the table of the last run stays until this run lists its files
        progress.set(0);
        status.set("Scanning " + input + "…");
        long t0 = System.nanoTime();
        ctx.executor().submit(BackgroundTask.of("batch", p -> {
            try (JobStore store = new JobStore(ctx.paths().state().resolve("jobs.db"))) {
                store.notice().ifPresent(n -> ctx.bus().publish(new ErrorEvent("Batch", n, null)));
                var taskSet = BatchRunner.parseTasks(tasks);
                String taskList = dev.sws.workstation.batch.BatchTask.join(taskSet);
                JobStore.Job job = store.find(input, output, formats, ctx.settings().asr().modelId(), taskList).orElse(null);
                if (job == null) {
                    BatchRunner.scan(input, taskSet);
                    job = store.createJob(input, output, formats, ctx.settings().asr().modelId(), taskList);
                }
                if (retryFailed) {
                    store.retryFailed(job.id());
                }
                String modelId = job.model().isEmpty() ? null : job.model();
                var runner = new BatchRunner(store, () -> ctx.asr().fileTranscriber(modelId), Math.max(1, workers), ctx.batchTasks(),
                        Math.max(1, streams));
                return runner.run(job, new BatchRunner.Listener() {
                    @Override
                    public void queued(List<JobStore.FileRow> files) {
                        FxExecutor.INSTANCE.execute(() -> list(files));
                    }

                    @Override
                    public void fileStarted(JobStore.FileRow f) {
                        FxExecutor.INSTANCE.execute(() -> {
                            set(f, "working", "");
                            status.set("Working on " + Path.of(f.path()).getFileName() + "… " + eta());
                        });
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
            progress.set(1);
            status.set(s.done() + s.failed() == 0
                    ? String.format(Locale.ROOT, "Finished: nothing new to do; all %d file%s done earlier.", s.skipped(), s.skipped() == 1 ? " was" : "s were")
                    : String.format(Locale.ROOT, "Finished: %d %s, %d failed, %d already done earlier%s.",
                    s.done(), BatchRunner.doneVerb(tasks), s.failed(), s.skipped(),
                    s.audioPerCompute() > 0 ? String.format(Locale.ROOT, "; %.1f min of audio per minute", s.audioPerCompute()) : ""));
        }).onFailure(e -> {
            running.set(false);
            String msg = UserFacingException.messageOf(e);
            status.set(msg);
            ctx.bus().publish(new ErrorEvent("Batch", msg, e));
        }));
    }

    /**
     * Shows {@code folder} in the desktop's file manager ({@code xdg-open}, {@code open} or {@code explorer}; the system
     * property {@code sws.gui.openCommand} names another program), off the FX thread; says why when it cannot.
     */
    public void openFolder(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        Thread.ofVirtual().name("sws-open-folder").start(() -> {
            String message;
            if (!java.nio.file.Files.isDirectory(dir)) {
                message = "The output folder " + dir + " does not exist yet; a run creates it.";
            } else {
                String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                String cmd = System.getProperty("sws.gui.openCommand",
                        os.contains("mac") ? "open" : os.contains("win") ? "explorer" : "xdg-open");
                try {
                    new ProcessBuilder(cmd, dir.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    message = "Opened " + dir + ".";
                } catch (java.io.IOException e) {
                    message = "No file manager could be started (" + cmd + " is not available); the outputs are in " + dir + ".";
                }
            }
            String m = message;
            FxExecutor.INSTANCE.execute(() -> status.set(m));
        });
    }

    private void add(JobStore.FileRow f, String state, String detail) {
        FxExecutor.INSTANCE.execute(() -> {
            set(f, state, detail);
            finished++;
            progress.set(toDo == 0 ? 1 : Math.min(1, finished / (double) toDo));
        });
    }

    /** The job's files as the run starts: done earlier, failed before (and queued again), pending. */
    private void list(List<JobStore.FileRow> files) {
        rows.clear();
        rowOf.clear();
        toDo = 0;
        finished = 0;
        runStart = System.nanoTime();
        for (JobStore.FileRow f : files) {
            String name = Path.of(f.path()).getFileName().toString();
            rowOf.put(f.path(), rows.size());
            switch (f.state()) {
                case "done" -> rows.add(new Row(name, "done earlier", String.format(Locale.ROOT, "%.1f s of audio", f.audioSeconds())));
                case "failed" -> rows.add(new Row(name, "failed earlier", f.error() == null ? "" : f.error()));
                default -> {
                    toDo++;
                    rows.add(new Row(name, "pending", ""));
                }
            }
        }
    }

    private void set(JobStore.FileRow f, String state, String detail) {
        Row r = new Row(Path.of(f.path()).getFileName().toString(), state, detail);
        Integer at = rowOf.get(f.path());
        if (at == null) {
            rowOf.put(f.path(), rows.size());
            rows.add(r);
        } else {
            rows.set(at, r);
        }
    }

    /** "3 of 10 files, about 2 min left", from the pace of this run. */
    private String eta() {
        if (toDo == 0) {
            return "";
        }
        String left = "";
        if (finished > 0) {
            double perFile = (System.nanoTime() - runStart) / 1e9 / finished;
            double secs = perFile * (toDo - finished);
            left = secs < 90 ? String.format(Locale.ROOT, ", about %.0f s left", secs)
                    : String.format(Locale.ROOT, ", about %.0f min left", secs / 60);
        }
        return "(" + finished + " of " + toDo + " files" + left + ")";
    }

    /** Share of this run's files finished, 0..1. */
    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
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
