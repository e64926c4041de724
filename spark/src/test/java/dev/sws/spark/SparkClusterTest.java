package dev.sws.spark;

import dev.sws.app.cli.SwsCommand;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on a real Spark standalone cluster on this machine: a master and two workers in JVMs of their own (started
 * from the Spark jars, as {@code sbin/start-master.sh} and {@code start-worker.sh} would), the job submitted to
 * {@code spark://127.0.0.1:PORT}, executors launched by the workers. One worker and its executor are killed while the
 * job runs; the job still completes, and its outputs are byte-identical to {@code sws batch}'s.
 */
class SparkClusterTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(SparkClusterTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void standaloneClusterSurvivesALostWorkerAndMatchesTheLocalBatch(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 10; i++) {
            Files.copy(fixture(i % 2 == 0 ? "speech.flac" : "speech-8k.wav"), in.resolve("talk-" + i + (i % 2 == 0 ? ".flac" : ".wav")));
        }
        Path local = tmp.resolve("local");
        StringWriter err = new StringWriter();
        assertEquals(0, SwsCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "batch", in.toString(),
                "--out", local.toString(), "--formats", "txt,srt,json", "--db", tmp.resolve("jobs.db").toString()), err.toString());

        Path out = tmp.resolve("cluster");
        try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2, 1)) {
            SparkConf conf = cluster.conf("sws-cluster-test");
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                sc.setLogLevel("ERROR");
                // the second worker, and the executor it started, die once the job has written its first outputs
                Process second = cluster.worker(2);
                int[] doneAtKill = {-1};
                Thread killer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                        while (System.nanoTime() < deadline && count(out, ".txt") == 0) {
                            Thread.sleep(50);
                        }
                        doneAtKill[0] = count(out, ".txt");
                        second.descendants().forEach(ProcessHandle::destroyForcibly);
                        second.destroyForcibly();
                    } catch (Exception e) {
                        doneAtKill[0] = -2;
                    }
                });
                SparkBatchJob.Summary s = SparkBatchJob.run(sc, in, out, List.of("txt", "srt", "json"), null, 10, "transcribe,punctuate");
                killer.join(10_000);
                System.out.printf("standalone cluster: worker 2 killed when %d of 10 files were written; %d done, %d skipped "
                        + "(written before the kill), %d failed, %.1f s wall%n", doneAtKill[0], s.done(), s.skipped(), s.failed(), s.wallSeconds());
                assertTrue(doneAtKill[0] >= 1 && doneAtKill[0] < 10, "a worker was killed mid-job (" + doneAtKill[0] + " of 10 done then)");
                assertTrue(!second.isAlive(), "the second worker is gone");
                assertEquals(10, s.done() + s.skipped(), "the job completed on the worker left: " + s.failures());
                assertEquals(0, s.failed());
            }
            assertEquals(files(local), files(out), "the same files, nothing left behind by the killed executor");
            for (String f : files(local)) {
                assertArrayEquals(Files.readAllBytes(local.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
            }
        }
    }

    /** Files of {@code dir} ending in {@code suffix}; counted again when one vanished mid-walk (an atomic write's rename). */
    private static int count(Path dir, String suffix) throws IOException {
        while (true) {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                return (int) s.filter(p -> p.toString().endsWith(suffix)).count();
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                if (!(e instanceof java.nio.file.NoSuchFileException) && !(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
