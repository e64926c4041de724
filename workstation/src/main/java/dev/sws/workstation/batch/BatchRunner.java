package dev.sws.workstation.batch;

import dev.sws.asr.FileTranscriber;
import dev.sws.asr.Transcript;
import dev.sws.asr.export.TranscriptExporter;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.UserFacingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a batch job: scans the input folder (recursively, audio extensions), adds new files to the job, then
 * transcribes every queued file and writes its outputs atomically under the output folder (same relative
 * sub-folders). A bad file is marked failed with its reason and the batch goes on; a full disk pauses the job
 * (the file stays queued and is done again; every output file on disk is whole). Headless: the CLI and the GUI both drive it.
 */
public final class BatchRunner {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(BatchRunner.class.getName());

    /** Progress callbacks (called on the worker threads: implementations must be thread-safe). */
    public interface Listener {
        /** Every file of the job as this run starts (done earlier, failed, pending), before any is worked on. */
        default void queued(List<JobStore.FileRow> files) {
        }

        default void fileStarted(JobStore.FileRow f) {
        }

        default void fileFinished(JobStore.FileRow f, Transcript t) {
        }

        default void fileFailed(JobStore.FileRow f, String reason) {
        }
    }

    /** Summary of one run. */
    public record Summary(int done, int failed, int skipped, double audioSeconds, double computeSeconds) {
        public double audioPerCompute() {
            return computeSeconds <= 0 ? 0 : audioSeconds / computeSeconds;
        }
    }

    private final JobStore store;
    private final java.util.function.Supplier<FileTranscriber> transcribers;
    private final int workers;

    public BatchRunner(JobStore store, FileTranscriber transcriber) {
        this(store, () -> transcriber, 1);
    }

    /**
     * {@code workers} threads, each with its own transcriber from {@code transcribers} (one recogniser state per
     * thread; the model's sessions are shared), claim files from the store until the queue is empty.
     */
    public BatchRunner(JobStore store, java.util.function.Supplier<FileTranscriber> transcribers, int workers) {
        this(store, transcribers, workers, null);
    }

    /**
     * The work behind the tasks other than {@code transcribe}, provided by the application's engines. Each writes its
     * output whole or not at all.
     */
    public interface Handlers {
        /** The transcript with the correction model's accepted changes applied. */
        Transcript correct(Transcript t);

        /** The transcript as written for people: punctuated and capitalised (the {@code punctuate} task). */
        Transcript punctuate(Transcript t);

        /** Encodes {@code audio} with the codec to a {@code .tokens} file; returns the audio's seconds. */
        double codec(Path audio, Path tokens) throws IOException;

        /** Speaks the text of {@code text} (one WAV for the file) into {@code wav}; returns the seconds of speech. */
        double tts(Path text, Path wav) throws IOException;

        /** A speaker label per segment of {@code t}, found by voice in {@code audio}. */
        List<String> speakers(Path audio, Transcript t);
    }

    /** "transcribed" for jobs that transcribe, "processed" for the others (a folder of texts to speak, of audio to encode). */
    public static String doneVerb(String tasks) {
        Set<BatchTask> t = parseTasks(tasks);
        return t.contains(BatchTask.TRANSCRIBE) ? "transcribed" : "processed";
    }

    /** Parses {@code --tasks} (see {@link BatchTask#parse}). */
    public static Set<BatchTask> parseTasks(String spec) {
        return BatchTask.parse(spec);
    }

    private final Handlers handlers;

    /**
     * With {@code handlers} for the correct, punctuate, codec, tts and speakers tasks (null: transcription only, the
     * recogniser's words as they are).
     */
    public BatchRunner(JobStore store, java.util.function.Supplier<FileTranscriber> transcribers, int workers, Handlers handlers) {
        this(store, transcribers, workers, handlers, 1);
    }

    /**
     * As {@link #BatchRunner(JobStore, java.util.function.Supplier, int, Handlers)}, each worker transcribing up to
     * {@code streams} files at once through one batched recogniser ({@link FileTranscriber#transcribeAll}): the same
     * outputs, with the encoder's batch kept full.
     */
    public BatchRunner(JobStore store, java.util.function.Supplier<FileTranscriber> transcribers, int workers, Handlers handlers,
                       int streams) {
        this.handlers = handlers;
        if (workers < 1) {
            throw new UserFacingException("--workers must be at least 1.");
        }
        if (streams < 1) {
            throw new UserFacingException("--streams must be at least 1.");
        }
        this.store = store;
        this.transcribers = transcribers;
        this.workers = workers;
        this.streams = streams;
    }

    private final int streams;

    /** Audio files under {@code dir}, sorted, hidden files and folders skipped. */
    public static List<Path> scan(Path dir) throws IOException {
        return scan(dir, Set.of(BatchTask.TRANSCRIBE));
    }

    /** The files the tasks take: audio for transcribe/correct/codec, {@code .txt} for tts. */
    public static List<Path> scan(Path dir, Set<BatchTask> tasks) throws IOException {
        return scan(dir, tasks, null);
    }

    /**
     * As {@link #scan(Path, Set)}, leaving out the output folder {@code out} when it lies inside {@code dir}: a batch's
     * own outputs (transcripts, speech from text) are never read back as its input.
     */
    public static List<Path> scan(Path dir, Set<BatchTask> tasks, Path out) throws IOException {
        Path skip = out == null ? null : out.toAbsolutePath().normalize();
        boolean audio = tasks.contains(BatchTask.TRANSCRIBE) || tasks.contains(BatchTask.CODEC);
        boolean text = tasks.contains(BatchTask.TTS);
        if (!Files.isDirectory(dir)) {
            throw new UserFacingException("Not a folder: " + dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> skip == null || !p.toAbsolutePath().normalize().startsWith(skip))
                    .filter(p -> dir.relativize(p).toString().chars().noneMatch(c -> c == 0)
                            && Arrays.stream(dir.relativize(p).toString().split("[/\\\\]")).noneMatch(n -> n.startsWith(".")))
                    .filter(p -> (audio && dev.sws.audio.io.AudioFiles.AUDIO_EXTENSIONS.contains(extension(p))) || (text && extension(p).equals("txt")))
                    .sorted().toList();
        }
    }

    private static boolean settled(Path p, long now, double seconds) {
        try {
            return now - Files.getLastModifiedTime(p).toMillis() >= seconds * 1000;
        } catch (IOException e) {
            return false;   // vanished or unreadable now: next round
        }
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Adds new files of the job's folder, re-queues interrupted ones, and processes the queue until empty. */
    public Summary run(JobStore.Job job, Listener listener) throws SQLException, IOException {
        try (var held = hold(job)) {
            return run(job, listener, 0);
        }
    }

    /** The job's hold for this run, or a plain refusal while another run has it. */
    private JobStore.Hold hold(JobStore.Job job) throws IOException {
        return store.hold(job.id()).orElseThrow(() -> new UserFacingException("Batch job " + job.id()
                + " is already running (in another window or process); let it finish, or start a new job."));
    }

    /**
     * Watch mode: runs the job, then every {@code intervalSeconds} adds and processes files that appeared in the
     * folder (a file is taken once it has not changed for {@code intervalSeconds}, so copies in progress wait), until
     * the thread is interrupted. Returns the summary of all rounds.
     */
    public Summary watch(JobStore.Job job, Listener listener, double intervalSeconds, java.util.function.Consumer<Summary> eachRound)
            throws SQLException, IOException {
        Summary total = new Summary(0, 0, 0, 0, 0);
        try (var held = hold(job)) {
            while (!Thread.currentThread().isInterrupted()) {
                Summary s = run(job, listener, intervalSeconds);
                total = new Summary(total.done() + s.done(), total.failed() + s.failed(), s.skipped(),
                        total.audioSeconds() + s.audioSeconds(), total.computeSeconds() + s.computeSeconds());
                if (s.done() + s.failed() > 0) {
                    eachRound.accept(s);
                }
                try {
                    Thread.sleep((long) (intervalSeconds * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return total;
    }

    private Summary run(JobStore.Job job, Listener listener, double settleSeconds) throws SQLException, IOException {
        Path in = Path.of(job.inputDir());
        Path out = Path.of(job.outputDir());
        long now = System.currentTimeMillis();
        Set<BatchTask> tasks = parseTasks(job.tasks());
        if (handlers == null && !tasks.equals(Set.of(BatchTask.TRANSCRIBE))) {
            throw new UserFacingException("This batch runner can only transcribe; tasks " + tasks + " need the application's engines.");
        }
        // a run killed mid-write left its temporary files (the finished outputs were renamed into place): the job is
        // held, so none of them is being written now
        int leftovers = dev.sws.core.util.AtomicFiles.removeLeftovers(out);
        if (leftovers > 0) {
            LOG.info("removed " + leftovers + " unfinished output file(s) of an interrupted run from " + out);
        }
        store.addFiles(job.id(), scan(in, tasks, out).stream().filter(p -> settleSeconds <= 0 || settled(p, now, settleSeconds)).toList());
        store.requeueInterrupted(job.id());
        List<TranscriptFormat> formats = Arrays.stream(job.formats().split(",")).map(TranscriptFormat::parse).toList();
        List<JobStore.FileRow> files = store.files(job.id());
        Map<Path, String> bases = outputBases(in, files.stream().map(f -> Path.of(f.path())).toList());
        requeueStale(files, tasks, out, formats, bases);
        listener.queued(store.files(job.id()));
        var done = new java.util.concurrent.atomic.AtomicInteger();
        var failed = new java.util.concurrent.atomic.AtomicInteger();
        var audio = new java.util.concurrent.atomic.DoubleAdder();
        var compute = new java.util.concurrent.atomic.DoubleAdder();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var firstError = new java.util.concurrent.atomic.AtomicReference<Exception>();
        java.util.function.Consumer<Transcript> count = t -> {
            if (t == null) {
                failed.incrementAndGet();
            } else {
                done.incrementAndGet();
                audio.add(t.durationSeconds());
                compute.add(t.computeSeconds());
            }
        };
        Runnable worker = () -> {
            FileTranscriber transcriber = transcribers.get();
            try {
                while (!stop.get()) {
                    var next = store.claimNext(job.id());
                    if (next.isEmpty()) {
                        break;
                    }
                    count.accept(processOne(job, tasks, next.get(), out, formats, bases, transcriber, listener));
                }
            } catch (Exception e) {
                // a stop (Ctrl+C, SIGTERM, the GUI's Stop), a full disk or a broken store ends every worker; the file
                // each was working on went back to the queue
                stop.set(true);
                firstError.compareAndSet(null, e);
            }
        };
        if (streams > 1 && tasks.contains(BatchTask.TRANSCRIBE)) {
            worker = () -> {
                // files claimed and open in the batched recogniser; put back in the queue if the run ends early
                Map<Long, Claim> open = new java.util.LinkedHashMap<>();
                try {
                    transcribers.get().transcribeAll(() -> {
                        try {
                            while (!stop.get()) {
                                var next = store.claimNext(job.id());
                                if (next.isEmpty()) {
                                    return null;
                                }
                                if (!transcribes(tasks, Path.of(next.get().path()))) {   // a text to speak: not a stream
                                    count.accept(processOne(job, tasks, next.get(), out, formats, bases, null, listener));
                                    continue;
                                }
                                Claim c = begin(next.get(), listener);
                                open.put(c.f().id(), c);
                                return c;
                            }
                            return null;
                        } catch (SQLException | IOException e) {
                            throw new StoreFailure(e);
                        }
                    }, Claim::src, streams, (c, heard, error) -> {
                        open.remove(c.f().id());
                        count.accept(complete(job, c, out, () -> {
                            if (error != null) {
                                throw error;
                            }
                            return runTasks(tasks, c.src(), out, bases.get(c.src()), formats, heard, handlers);
                        }, listener));
                    });
                } catch (Exception e) {
                    stop.set(true);
                    firstError.compareAndSet(null, e instanceof StoreFailure f ? (Exception) f.getCause() : e);
                    for (Claim c : open.values()) {
                        try {
                            store.requeueFile(c.f().id());
                        } catch (SQLException again) {
                            e.addSuppressed(again);   // the store itself failed: a dead run's files are requeued on resume
                        }
                    }
                }
            };
        }
        if (workers == 1) {
            worker.run();
        } else {
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < workers; i++) {
                threads.add(Thread.ofPlatform().name("sws-batch-" + i).stackSize(8L << 20).start(worker));
            }
            for (Thread th : threads) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    stop.set(true);
                    Thread.currentThread().interrupt();
                }
            }
        }
        Exception err = firstError.get();
        if (err instanceof IOException io) {
            throw io;
        } else if (err instanceof SQLException sql) {
            throw sql;
        } else if (err instanceof RuntimeException re) {
            throw re;
        } else if (err != null) {
            throw new IllegalStateException(err);
        }
        int skipped = (int) store.files(job.id()).stream().filter(r -> r.state().equals("done")).count() - done.get();
        return new Summary(done.get(), failed.get(), skipped, audio.sum(), compute.sum());
    }

    /**
     * Outputs belong to their inputs: a done file whose outputs are gone (deleted, moved) or whose input changed since
     * (other size or modification time) goes back to the queue. A done file whose input is gone stays done.
     */
    private void requeueStale(List<JobStore.FileRow> files, Set<BatchTask> tasks, Path out, List<TranscriptFormat> formats,
                              Map<Path, String> bases) throws SQLException {
        for (JobStore.FileRow f : files) {
            if (!f.state().equals("done")) {
                continue;
            }
            Path src = Path.of(f.path());
            String why = null;
            try {
                if (!Files.isRegularFile(src)) {
                    continue;
                }
                if (f.inputSize() >= 0 && (Files.size(src) != f.inputSize()
                        || Files.getLastModifiedTime(src).toMillis() != f.inputModified())) {
                    why = "its input changed";
                } else if (!outputsExist(tasks, src, out, bases.get(src), formats)) {
                    why = "an output is missing";
                }
            } catch (IOException e) {
                why = "its input could not be read (" + e.getMessage() + ")";
            }
            if (why != null) {
                LOG.info("doing " + src + " again: " + why);
                store.requeueFile(f.id());
            }
        }
    }

    /** A store or disk failure met while claiming files for the batched recogniser (its supplier cannot throw them). */
    private static final class StoreFailure extends RuntimeException {
        StoreFailure(Exception cause) {
            super(cause);
        }
    }

    /** A claimed file and its input as it was when the work on it began (its outputs are bound to that size and time). */
    private record Claim(JobStore.FileRow f, Path src, long size, long modified) {
    }

    private static Claim begin(JobStore.FileRow f, Listener listener) {
        listener.fileStarted(f);
        Path src = Path.of(f.path());
        long size = -1;
        long modified = -1;
        try {
            size = Files.size(src);
            modified = Files.getLastModifiedTime(src).toMillis();
        } catch (IOException unreadable) {
            // reported by the tasks, in one sentence
        }
        return new Claim(f, src, size, modified);
    }

    /**
     * The work on one file: its tasks, outputs written. A {@link RuntimeException} means the file failed, an
     * {@link IOException} that its outputs could not be written (as {@link #runTasks}).
     */
    public interface Work {
        Transcript run() throws IOException;
    }

    /**
     * Does {@code work} for a claimed file and records the outcome: done, or failed with its reason (null returned); a
     * stop or an unwritable output puts the file back in the queue and ends the run.
     */
    private Transcript complete(JobStore.Job job, Claim c, Path out, Work work, Listener listener) throws SQLException, IOException {
        Transcript t;
        try {
            t = work.run();
        } catch (java.util.concurrent.CancellationException e) {
            store.requeueFile(c.f().id());   // a stop is not a failure: the file stays queued for the next run
            throw e;
        } catch (RuntimeException e) {
            String reason = UserFacingException.messageOf(e);
            store.markFailed(c.f().id(), reason);
            listener.fileFailed(c.f(), reason);
            return null;
        } catch (IOException e) {
            store.requeueFile(c.f().id());
            throw paused(job, out, e);
        }
        store.markDone(c.f().id(), t.durationSeconds(), t.computeSeconds(), c.size(), c.modified());
        listener.fileFinished(c.f(), t);
        return t;
    }

    /**
     * Runs the job's tasks on one claimed file and writes the outputs; null when the file failed (recorded in the store).
     * {@code transcriber} may be null for a file the tasks do not transcribe.
     */
    private Transcript processOne(JobStore.Job job, Set<BatchTask> tasks, JobStore.FileRow f, Path out, List<TranscriptFormat> formats,
                                  Map<Path, String> bases, FileTranscriber transcriber, Listener listener)
            throws SQLException, IOException {
        Claim c = begin(f, listener);
        return complete(job, c, out, () -> runTasks(tasks, c.src(), out, bases.get(c.src()), formats, transcriber, handlers), listener);
    }

    /**
     * The per-file work of a batch, shared with the Spark job: runs {@code tasks} on {@code src} and writes every output
     * under {@code out/base…} atomically. A {@link RuntimeException} means the file itself failed (bad audio, empty
     * text) and nothing of it was kept as done; an {@link IOException} means writing failed (disk).
     *
     * @return the transcript, or for a text or codec-only file a transcript without segments carrying the audio length
     */
    public static Transcript runTasks(Set<BatchTask> tasks, Path src, Path out, String base, List<TranscriptFormat> formats,
                                      FileTranscriber transcriber, Handlers handlers) throws IOException {
        Transcript heard = transcribes(tasks, src) ? transcriber.transcribe(src, Progress.none(), s -> { }, null) : null;
        return runTasks(tasks, src, out, base, formats, heard, handlers);
    }

    /** Whether the tasks transcribe {@code src} (audio, with the transcribe task). */
    public static boolean transcribes(Set<BatchTask> tasks, Path src) {
        return tasks.contains(BatchTask.TRANSCRIBE) && !extension(src).equals("txt");
    }

    /**
     * As {@link #runTasks(Set, Path, Path, String, List, FileTranscriber, Handlers)} with the recogniser's transcript of
     * {@code src} already made ({@code heard}; null where the tasks do not transcribe it).
     */
    public static Transcript runTasks(Set<BatchTask> tasks, Path src, Path out, String base, List<TranscriptFormat> formats,
                                      Transcript heard, Handlers handlers) throws IOException {
        long t0 = System.nanoTime();
        Path target = out.resolve(base);
        Transcript t = null;
        Transcript corrected = null;
        double audioSeconds = 0;
        if (extension(src).equals("txt")) {
            Files.createDirectories(target.getParent());
            audioSeconds = handlers.tts(src, output(out, base, "wav"));
        } else {
            if (heard != null) {
                t = heard;
                audioSeconds = t.durationSeconds();
                boolean punctuate = tasks.contains(BatchTask.PUNCTUATE);
                if (tasks.contains(BatchTask.CORRECT)) {
                    Transcript c = handlers.correct(t);   // the correction model reads the recogniser's plain words
                    corrected = punctuate ? handlers.punctuate(c) : c;
                }
                t = punctuate ? handlers.punctuate(t) : t;
            }
            if (tasks.contains(BatchTask.CODEC)) {
                Files.createDirectories(target.getParent());
                audioSeconds = handlers.codec(src, output(out, base, "tokens"));
            }
        }
        List<String> who = t != null && tasks.contains(BatchTask.SPEAKERS) ? handlers.speakers(src, t) : List.of();
        if (t != null) {
            writeOutputs(t, out, base, formats, who);
        }
        if (corrected != null) {
            writeOutputs(corrected, out, base + ".corrected", formats, corrected.segments().size() == who.size() ? who : List.of());
        }
        return t != null ? t : new Transcript(src.getFileName().toString(), "", List.of(), audioSeconds, (System.nanoTime() - t0) / 1e9);
    }

    /** The files {@link #runTasks} writes for {@code src}. */
    public static List<Path> expectedOutputs(Set<BatchTask> tasks, Path src, Path out, String base, List<TranscriptFormat> formats) {
        List<Path> o = new java.util.ArrayList<>();
        if (extension(src).equals("txt")) {
            o.add(output(out, base, "wav"));
            return o;
        }
        for (TranscriptFormat f : formats) {
            if (tasks.contains(BatchTask.TRANSCRIBE)) {
                o.add(output(out, base, f.extension()));
            }
            if (tasks.contains(BatchTask.CORRECT)) {
                o.add(output(out, base, "corrected." + f.extension()));
            }
        }
        if (tasks.contains(BatchTask.CODEC)) {
            o.add(output(out, base, "tokens"));
        }
        return o;
    }

    /** The sentence that pauses a job whose outputs cannot be written (refused, disk full), or {@code e} itself. */
    private static IOException paused(JobStore.Job job, Path out, IOException e) {
        if (UserFacingException.refusedWrite(e)) {
            String why = UserFacingException.messageOf(e).replaceFirst("\\.$", "");
            throw new UserFacingException("Batch paused: " + Character.toLowerCase(why.charAt(0)) + why.substring(1)
                    + ", then resume the job (./sws batch --resume " + job.id() + "); finished files are kept.", e);
        }
        if (isDiskFull(e)) {
            throw new UserFacingException("Batch paused: the disk holding " + out + " is full. Free space and resume the job ("
                    + "./sws batch --resume " + job.id() + "); finished files are kept, and the file that was being written is done "
                    + "again then (each output on disk is whole, but it may lack some of its formats).", e);
        }
        return e;
    }

    /**
     * The output name (relative path without extension) of every file, as the batch names them: the input's relative
     * path without its extension, or with it where two inputs would collide (talk.wav and talk.mp3).
     */
    public static Map<Path, String> outputBases(Path in, List<Path> files) {
        Map<String, Integer> count = new HashMap<>();
        for (Path f : files) {
            count.merge(outputBase(in, f, false), 1, Integer::sum);
        }
        Map<Path, String> m = new java.util.LinkedHashMap<>();
        for (Path f : files) {
            String b = outputBase(in, f, false);
            m.put(f, count.get(b) > 1 ? outputBase(in, f, true) : b);
        }
        return m;
    }

    /** Writes one transcript in every format under {@code out/base.<ext>}, each file atomically. */
    public static void writeOutputs(Transcript t, Path out, String base, List<TranscriptFormat> formats) throws IOException {
        writeOutputs(t, out, base, formats, List.of());
    }

    /** As {@link #writeOutputs(Transcript, Path, String, List)}, with a speaker label per segment (or none). */
    public static void writeOutputs(Transcript t, Path out, String base, List<TranscriptFormat> formats, List<String> speakers)
            throws IOException {
        Path target = out.resolve(base);
        Files.createDirectories(target.getParent());
        for (TranscriptFormat fmt : formats) {
            TranscriptExporter.write(t, fmt, output(out, base, fmt.extension()), speakers);
        }
    }

    /** {@code out/base.suffix}: the name of every batch output ({@code base} may contain sub-folders). */
    private static Path output(Path out, String base, String suffix) {
        Path target = out.resolve(base);
        return target.resolveSibling(target.getFileName() + "." + suffix);
    }

    /** True when every output the tasks write for {@code src} exists (written atomically, so present means complete). */
    public static boolean outputsExist(Set<BatchTask> tasks, Path src, Path out, String base, List<TranscriptFormat> formats) {
        return expectedOutputs(tasks, src, out, base, formats).stream().allMatch(Files::isRegularFile);
    }

    private static String outputBase(Path in, Path src, boolean keepExtension) {
        String rel = in.relativize(src).toString();
        return keepExtension ? rel : rel.replaceFirst("\\.[^./\\\\]+$", "");
    }

    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("disk full") || m.contains("not enough space")) {
                return true;
            }
        }
        return false;
    }
}
