package dev.sws.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Throughput of the job on a standalone cluster of one worker and of two (one core each, one ONNX Runtime thread per
 * model), on the same LibriSpeech files of {@code ../shared/data/real}: prints a table (timings are never asserted)
 * and checks that both runs write the same bytes. Slow: run it with
 * {@code ./mvnw -o -pl spark test -Dtest=SparkScaleTest -Dtest.excludedGroups=gpu -Dsws.scale.files=N -Dsws.scale.copies=K}.
 */
@Tag("slow")
class SparkScaleTest {

    @Test
    void twoWorkersAgainstOne(@TempDir Path tmp) throws Exception {
        Path manifest = Path.of("../training/data/manifests/libri-dev.tsv");
        assumeTrue(Files.exists(manifest), "no manifest " + manifest);
        List<Path> audio = Files.readAllLines(manifest).stream().skip(1).map(l -> manifest.getParent().resolve(l.split("\t")[0]).normalize())
                .filter(Files::exists).limit(Integer.getInteger("sws.scale.files", 48)).toList();
        assumeTrue(audio.size() >= 8, "the LibriSpeech dev files of ../shared/data/real are not here (" + audio.size() + " found)");
        Path in = Files.createDirectories(tmp.resolve("in"));
        int copies = Integer.getInteger("sws.scale.copies", 1);   // the same files again, for a longer job
        for (int c = 1; c <= copies; c++) {
            for (Path a : audio) {
                Files.createSymbolicLink(in.resolve((copies > 1 ? "c" + c + "-" : "") + a.getFileName()), a.toAbsolutePath());
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-8s %6s %10s %8s %14s %8s %12s%n",
                "workers", "files", "audio s", "wall s", "x real time", "vs one", "cores busy"));
        double one = 0;
        for (int workers : new int[]{1, 2}) {
            Path out = tmp.resolve("out-" + workers);
            try (StandaloneCluster cluster = new StandaloneCluster(Files.createDirectories(tmp.resolve("cluster-" + workers)), workers, 1);
                 JavaSparkContext sc = new JavaSparkContext(cluster.conf("sws-scale-" + workers).set("spark.executor.cores", "1"))) {
                sc.setLogLevel("ERROR");
                long[] cpu0 = busyJiffies();
                SparkBatchJob.Summary s = SparkBatchJob.run(sc, in, out, List.of("txt"), null, 8, "transcribe");
                long[] cpu1 = busyJiffies();
                assertEquals(audio.size() * copies, s.done(), "every file transcribed: " + s.failures());
                double x = s.audioSeconds() / s.wallSeconds();
                one = workers == 1 ? x : one;
                // the machine's busy share over the job, in cores (/proc/stat counts in 1/100 s)
                String busy = cpu0 == null || cpu1 == null ? "-"
                        : String.format(Locale.ROOT, "%.2f of %d", (cpu1[0] - cpu0[0]) / 100.0 / s.wallSeconds(), cpu1[1]);
                table.append(String.format(Locale.ROOT, "%-8d %6d %10.1f %8.1f %14.1f %7.2fx %12s%n", workers, s.done(), s.audioSeconds(),
                        s.wallSeconds(), x, x / one, busy));
            }
        }
        System.out.print(table);
        System.out.println("(one core per worker; wall = the job from submission to the last output, executors' start and model loading "
                + "included; cores busy = all processes of the machine, driver and daemons too)");
        List<String> names = SparkClusterTest.files(tmp.resolve("out-1"));
        assertEquals(names, SparkClusterTest.files(tmp.resolve("out-2")));
        for (String f : names) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("out-1").resolve(f)), Files.readAllBytes(tmp.resolve("out-2").resolve(f)), f);
        }
    }

    /** Busy time of all CPUs so far in 1/100 s, and the number of CPUs; null where there is no /proc/stat. */
    private static long[] busyJiffies() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.getFirst().trim().split("\\s+");   // cpu user nice system idle iowait irq softirq steal
            long busy = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return new long[]{busy, lines.stream().filter(l -> l.matches("cpu\\d+ .*")).count()};
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
