package dev.sws.app.cli;

import dev.sws.workstation.batch.BatchRunner;
import dev.sws.workstation.batch.JobStore;
import dev.sws.asr.Transcript;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.util.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sws batch DIR --out DIR}: transcribe a whole folder, crash-safe. The job lives in the SQLite job store
 * (state folder); {@code --resume JOB} finishes an interrupted job without redoing finished files.
 */
@Command(name = "batch", description = "Transcribe a folder (recursively); resumable after a crash.")
final class BatchCommand implements Callable<Integer> {

    @ParentCommand
    SwsCommand parent;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Folder with audio files.")
    Path dir;
    @Option(names = "--out", description = "Output folder (sub-folders mirror the input).")
    Path out;
    @Option(names = "--formats", defaultValue = "txt,srt,json", description = "Comma-separated: txt, srt, vtt, json.")
    String formats;
    @Option(names = "--model", description = "ASR model id (default: the settings' or the house model).")
    String model;
    @Option(names = "--resume", paramLabel = "JOB", description = "Resume job JOB (new files in its folder are added).")
    Long resume;
    @Option(names = "--retry-failed", description = "With --resume (or a rerun): try failed files again.")
    boolean retryFailed;
    @Option(names = "--new", description = "Start a new job even when one over the same folders, formats, model and tasks "
            + "exists (by default running the same batch again resumes it: finished files are not redone).")
    boolean fresh;
    @Option(names = "--tasks", defaultValue = "transcribe", description = "Comma-separated: transcribe (formats), punctuate "
            + "(sentences; see --punctuation), correct (also writes NAME.corrected.*), speakers (segments labelled Speaker 1, 2, … by voice in every format), codec "
            + "(NAME.tokens), tts (each .txt file spoken to NAME.wav with the first voice).")
    String tasks;
    @Option(names = "--punctuation", negatable = true, description = "Write the transcripts as sentences (punctuation and "
            + "capitals: the punctuate task); --no-punctuation: the recogniser's lower-case words (default: the settings', "
            + "on). Kept with the job: resuming it writes its files as it began.")
    Boolean punctuation;
    @Option(names = "--workers", defaultValue = "1", description = "Files transcribed in parallel (default: ${DEFAULT-VALUE}; each worker uses its own recogniser).")
    int workers;
    @Option(names = "--streams", defaultValue = "1", description = "Files each worker transcribes at once as streams of one "
            + "batched recogniser (default: ${DEFAULT-VALUE}): the same outputs; on a GPU, or CPU cores that run a batch "
            + "faster than one stream, more audio per second.")
    int streams;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "5", paramLabel = "SECONDS",
            description = "Keep watching the folder: new files are transcribed once unchanged for SECONDS (default 5); stop with Ctrl+C.")
    Double watch;

    @Option(names = "--list", description = "List jobs and their progress.")
    boolean list;
    @Option(names = "--db", hidden = true, description = "Job database (default: <state>/jobs.db).")
    Path db;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dbFile = db != null ? db : parent.context().paths().state().resolve("jobs.db");
        try (JobStore store = new JobStore(dbFile)) {
            store.notice().ifPresent(err::println);
            if (list) {
                for (JobStore.Job j : store.jobs()) {
                    var files = store.files(j.id());
                    long done = files.stream().filter(f -> f.state().equals("done")).count();
                    long failed = files.stream().filter(f -> f.state().equals("failed")).count();
                    o.printf(Locale.ROOT, "job %d  %s -> %s  %d/%d done, %d failed%n", j.id(), j.inputDir(), j.outputDir(), done, files.size(), failed);
                }
                return 0;
            }
            JobStore.Job job;
            if (resume != null) {
                job = store.job(resume).orElseThrow(() -> new UserFacingException("No batch job " + resume + " (see ./sws batch --list)."));
                boolean punctuated = BatchRunner.parseTasks(job.tasks()).contains(dev.sws.workstation.batch.BatchTask.PUNCTUATE);
                if (punctuation != null && punctuation != punctuated) {
                    throw new UserFacingException("Job " + job.id() + " writes " + (punctuated ? "sentences" : "the recogniser's "
                            + "plain words") + " and resumes as it began; run the folder again with --new to write it "
                            + (punctuation ? "with" : "without") + " punctuation.");
                }
                if (retryFailed) {
                    store.retryFailed(job.id());
                }
            } else {
                if (dir == null || out == null) {
                    throw new UserFacingException("Give a folder and --out DIR, or --resume JOB.");
                }
                for (String f : formats.split(",")) {
                    TranscriptFormat.parse(f);
                }
                var taskSet = BatchRunner.parseTasks(tasks);
                if (punctuation != null || !taskSet.contains(dev.sws.workstation.batch.BatchTask.PUNCTUATE)) {
                    taskSet = dev.sws.workstation.batch.BatchTask.punctuated(taskSet, punctuation != null ? punctuation
                            : parent.context().settings().asr().punctuate());
                }
                BatchRunner.scan(dir, taskSet); // a missing folder is reported before a job is created
                String taskList = dev.sws.workstation.batch.BatchTask.join(taskSet);
                var same = fresh ? java.util.Optional.<JobStore.Job>empty() : store.find(dir, out, formats, model, taskList);
                if (same.isPresent()) {
                    job = same.get();
                    err.printf(Locale.ROOT, "job %d: resuming it (same folders, formats, model and tasks; --new starts afresh)%n", job.id());
                    if (retryFailed) {
                        store.retryFailed(job.id());
                    }
                } else {
                    job = store.createJob(dir, out, formats, model, taskList);
                }
            }
            err.printf(Locale.ROOT, "job %d: %s -> %s (%s; %s)%n", job.id(), job.inputDir(), job.outputDir(), job.tasks(), job.formats());
            String modelId = job.model().isEmpty() ? null : job.model();
            var runner = new BatchRunner(store, () -> parent.context().asr().fileTranscriber(modelId), workers,
                    parent.context().batchTasks(), streams);
            long wall0 = System.nanoTime();
            BatchRunner.Listener listener = new BatchRunner.Listener() {
                @Override
                public void fileFinished(JobStore.FileRow f, Transcript t) {
                    err.printf(Locale.ROOT, "done   %s (%.1f s, RTF %.3f%s)%n", Path.of(f.path()).getFileName(), t.durationSeconds(),
                            t.rtf(), t.notes().isEmpty() ? "" : "; " + t.notes());
                }

                @Override
                public void fileFailed(JobStore.FileRow f, String reason) {
                    err.printf(Locale.ROOT, "FAILED %s: %s%n", Path.of(f.path()).getFileName(), reason);
                }
            };
            if (watch != null) {   // until Ctrl+C: finished files are committed one by one, a claimed one is requeued on resume
                err.printf(Locale.ROOT, "watching %s every %.0f s (Ctrl+C to stop; resume later with --resume %d --watch)%n",
                        job.inputDir(), watch, job.id());
                runner.watch(job, listener, watch, r -> err.printf(Locale.ROOT, "round: %d %s, %d failed%n", r.done(),
                        BatchRunner.doneVerb(job.tasks()), r.failed()));
            }
            BatchRunner.Summary s = runner.run(job, listener);
            var all = store.files(job.id());
            o.printf(Locale.ROOT, "%-8s %6s%n", "state", "files");
            for (String st : new String[]{"done", "failed", "queued"}) {
                o.printf(Locale.ROOT, "%-8s %6d%n", st, all.stream().filter(f -> f.state().equals(st)).count());
            }
            double wall = (System.nanoTime() - wall0) / 1e9;
            // one speed, the user's (audio per second of wall clock, loading and all); recognition alone beside it
            String verb = BatchRunner.doneVerb(job.tasks());
            o.printf(Locale.ROOT, "this run: %d %s, %d failed, %d already done; %s of audio in %s (%.1fx real time with %d worker%s; %s alone %.1fx)%n",
                    s.done(), verb, s.failed(), s.skipped(), span(s.audioSeconds()), span(wall), wall > 0 ? s.audioSeconds() / wall : 0,
                    workers, (workers == 1 ? "" : "s") + (streams > 1 ? " of " + streams + " streams" : ""), verb.equals("transcribed") ? "recognition" : "the work", s.audioPerCompute());
            return all.stream().anyMatch(f -> f.state().equals("failed")) ? 3 : 0;
        }
    }

    /** 42.0 s, 12.5 min, 3.2 h. */
    static String span(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : seconds < 7200 ? String.format(Locale.ROOT, "%.1f min", seconds / 60)
                : String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
