package dev.sws.spark;

import dev.sws.workstation.Workstation;
import dev.sws.workstation.batch.BatchRunner;
import dev.sws.workstation.batch.BatchTask;
import dev.sws.workstation.service.BatchTasks;
import dev.sws.asr.FileTranscriber;
import dev.sws.asr.Transcript;
import dev.sws.asr.export.TranscriptFormat;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.exec.Progress;
import dev.sws.core.util.AppPaths;
import dev.sws.core.util.UserFacingException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The batch folder transcription task ({@link BatchRunner}'s per-file work: transcribe, write every format
 * atomically under the same output names) over a file list on a Spark cluster. One {@link Workstation} (model
 * sessions) per executor JVM, one recogniser per partition. A file whose outputs all exist is skipped, so a failed or
 * repeated job resumes without redoing finished files. Outputs are byte-identical to {@code sws batch} for the same
 * files and settings (tested with {@code local[2]}).
 *
 * <pre>
 * spark-submit --class dev.sws.spark.SparkBatchJob --master spark://host:7077 \
 *     --jars "$(tr ':' ',' &lt; spark/target/job-classpath.txt)" \
 *     --conf spark.executor.extraJavaOptions=-Dsws.models.dir=/shared/sws/models \
 *     spark/target/sws-spark-0.1.0-SNAPSHOT.jar --in /shared/audio --out /shared/transcripts --formats txt,srt,json
 * </pre>
 * Input and output folders must be visible to every executor under the same path (NFS, a shared volume).
 */
public final class SparkBatchJob {

    /** One file to do and its output name. */
    public record Item(String path, String base) implements Serializable {}

    /** What happened to one file. */
    public record Outcome(String path, String state, String message, double audioSeconds, double computeSeconds) implements Serializable {}

    /** The job's totals. */
    public record Summary(int done, int skipped, int failed, double audioSeconds, double wallSeconds, List<Outcome> failures) {
        /** Audio hours transcribed per hour of wall-clock time. */
        public double audioPerWall() {
            return wallSeconds > 0 ? audioSeconds / wallSeconds : 0;
        }
    }

    private SparkBatchJob() {
    }

    /** Runs the job on {@code sc}: scans {@code in} (as {@code sws batch} does), transcribes what is not done yet. */
    public static Summary run(JavaSparkContext sc, Path in, Path out, List<String> formats, String modelId, int partitions)
            throws IOException {
        return run(sc, in, out, formats, modelId, partitions, "transcribe");
    }

    /**
     * With batch {@code tasks} ({@code transcribe,punctuate,correct,codec,tts}, as {@code sws batch --tasks}; the
     * transcripts are sentences only with {@code punctuate}, which {@code sws batch} adds as its settings say).
     */
    public static Summary run(JavaSparkContext sc, Path in, Path out, List<String> formats, String modelId, int partitions,
                              String tasks) throws IOException {
        return run(sc, in, out, formats, modelId, partitions, tasks, 1);
    }

    /**
     * With each partition's files transcribed {@code streams} at a time as streams of one batched recogniser (as
     * {@code sws batch --streams}; the same outputs).
     */
    public static Summary run(JavaSparkContext sc, Path in, Path out, List<String> formats, String modelId, int partitions,
                              String tasks, int streams) throws IOException {
        List<TranscriptFormat> fmts = formats.stream().map(TranscriptFormat::parse).toList();
        List<BatchTask> taskList = List.copyOf(BatchRunner.parseTasks(tasks));
        List<Path> files = BatchRunner.scan(in, BatchRunner.parseTasks(tasks), out);   // outputs inside the input folder stay out
        Map<Path, String> bases = BatchRunner.outputBases(in, files);
        List<Item> items = new ArrayList<>();
        bases.forEach((p, b) -> items.add(new Item(p.toString(), b)));
        String outDir = out.toAbsolutePath().toString();
        List<String> fmtNames = List.copyOf(formats);
        long t0 = System.nanoTime();
        List<Outcome> outcomes = items.isEmpty() ? List.of() : sc.parallelize(items, Math.max(1, Math.min(partitions, items.size())))
                .mapPartitions(it -> process(it, outDir, fmtNames, modelId, taskList, streams)).collect();
        double wall = (System.nanoTime() - t0) / 1e9;
        // an executor lost mid-write leaves its atomic write's temporary file; the task ran again elsewhere
        dev.sws.core.util.AtomicFiles.removeLeftovers(out);
        int done = 0;
        int skipped = 0;
        double audio = 0;
        List<Outcome> failures = new ArrayList<>();
        for (Outcome o : outcomes) {
            switch (o.state()) {
                case "done" -> {
                    done++;
                    audio += o.audioSeconds();
                }
                case "skipped" -> skipped++;
                default -> failures.add(o);
            }
        }
        return new Summary(done, skipped, failures.size(), audio, wall, failures);
    }

    /**
     * Executor side: one partition of files, on a thread with a 16 MB stack. Spark's task threads have the JVM's
     * default stack, on which ONNX Runtime / FFmpeg native code loaded there crashed the JVM (SIGSEGV, no hs_err) in
     * a {@code local[N]} run here; the same work on a larger stack runs clean.
     */
    static Iterator<Outcome> process(Iterator<Item> items, String outDir, List<String> formats, String modelId, List<BatchTask> tasks,
                                     int streams) throws Exception {
        var result = new java.util.concurrent.atomic.AtomicReference<List<Outcome>>();
        var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread t = Thread.ofPlatform().name("sws-partition").stackSize(16L << 20).start(() -> {
            try {
                result.set(processHere(items, outDir, formats, modelId, java.util.EnumSet.copyOf(tasks), streams));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        } else if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get().iterator();
    }

    private static List<Outcome> processHere(Iterator<Item> items, String outDir, List<String> formats, String modelId,
                                             java.util.Set<BatchTask> tasks, int streams) throws Exception {
        List<TranscriptFormat> fmts = formats.stream().map(TranscriptFormat::parse).toList();
        Path out = Path.of(outDir);
        List<Outcome> result = new ArrayList<>();
        // the items still to do; those done before (every output there) are reported as skipped on the way
        java.util.function.Supplier<Item> next = () -> {
            while (items.hasNext()) {
                Item item = items.next();
                if (!BatchRunner.outputsExist(tasks, Path.of(item.path()), out, item.base(), fmts)) {
                    return item;
                }
                result.add(new Outcome(item.path(), "skipped", "already done", 0, 0));
            }
            return null;
        };
        if (streams > 1 && tasks.contains(BatchTask.TRANSCRIBE)) {
            FileTranscriber transcriber = Executor.context().asr().fileTranscriber(modelId);
            transcriber.transcribeAll(() -> {
                for (Item item; (item = next.get()) != null; ) {
                    if (BatchRunner.transcribes(tasks, Path.of(item.path()))) {
                        return item;
                    }
                    Item text = item;   // a text to speak: done here, not a stream
                    result.add(outcome(item, () -> BatchRunner.runTasks(tasks, Path.of(text.path()), out, text.base(), fmts,
                            (Transcript) null, Executor.context().batchTasks())));
                }
                return null;
            }, item -> Path.of(item.path()), streams, (item, heard, error) -> result.add(outcome(item, () -> {
                if (error != null) {
                    throw error;
                }
                return BatchRunner.runTasks(tasks, Path.of(item.path()), out, item.base(), fmts, heard,
                        Executor.context().batchTasks());
            })));
            return result;
        }
        FileTranscriber transcriber = null;
        for (Item item; (item = next.get()) != null; ) {
            if (transcriber == null) {
                transcriber = Executor.context().asr().fileTranscriber(modelId);
            }
            FileTranscriber tr = transcriber;
            Item it = item;
            result.add(outcome(item, () -> BatchRunner.runTasks(tasks, Path.of(it.path()), out, it.base(), fmts, tr,
                    Executor.context().batchTasks())));
        }
        return result;
    }

    /**
     * What became of one file: done, or failed with its sentence. A full or unreachable output disk fails the task
     * (Spark retries it elsewhere); nothing half-written stays.
     */
    private static Outcome outcome(Item item, BatchRunner.Work work) {
        Transcript t;
        try {
            t = work.run();
        } catch (RuntimeException e) {
            return new Outcome(item.path(), "failed", UserFacingException.messageOf(e), 0, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Writing the outputs of " + item.path() + " failed: " + e.getMessage(), e);
        }
        return new Outcome(item.path(), "done", "", t.durationSeconds(), t.computeSeconds());
    }

    /** One application context (models, sessions) per executor JVM, created on first use and closed at exit. */
    static final class Executor {
        private static Workstation context;

        static synchronized Workstation context() {
            if (context == null) {
                context = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor());
                Workstation c = context;
                Runtime.getRuntime().addShutdownHook(new Thread(c::close, "sws-executor-close"));
            }
            return context;
        }
    }

    /** {@code --in DIR --out DIR [--formats txt,srt,json] [--tasks …] [--model ID] [--partitions N] [--streams N] [--master URL]}. */
    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        Path in = Path.of(require(a, "in"));
        Path out = Path.of(require(a, "out"));
        List<String> formats = Arrays.asList(a.getOrDefault("formats", "txt,srt,json").split(","));
        SparkConf conf = new SparkConf().setAppName("sws batch " + in.getFileName());
        if (a.containsKey("master")) {
            conf.setMaster(a.get("master"));
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        int code;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            int partitions = Integer.parseInt(a.getOrDefault("partitions", String.valueOf(sc.defaultParallelism() * 2)));
            Summary s = run(sc, in, out, formats, a.get("model"), partitions, a.getOrDefault("tasks", "transcribe,punctuate"),
                    Integer.parseInt(a.getOrDefault("streams", "1")));
            print(s, System.out);
            code = s.failed() > 0 ? 1 : 0;
        }
        System.exit(code);
    }

    static void print(Summary s, PrintStream o) {
        o.printf(Locale.ROOT, "%-10s %6s%n%-10s %6d%n%-10s %6d%n%-10s %6d%n", "files", "", "done", s.done(), "skipped", s.skipped(), "failed", s.failed());
        o.printf(Locale.ROOT, "audio %.1f s in %.1f s wall: %.1f audio hours per hour%n", s.audioSeconds(), s.wallSeconds(), s.audioPerWall());
        s.failures().forEach(f -> o.println("FAILED " + f.path() + ": " + f.message()));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new UserFacingException("Usage: --in DIR --out DIR [--formats txt,srt,json] [--tasks transcribe,punctuate,correct,codec,tts] [--model ID] [--partitions N] [--streams N] [--master URL]");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static String require(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) {
            throw new UserFacingException("--" + k + " is required.");
        }
        return v;
    }
}
