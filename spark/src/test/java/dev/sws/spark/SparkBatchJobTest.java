package dev.sws.spark;

import dev.sws.app.cli.SwsCommand;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark job on {@code local[2]} writes exactly what {@code sws batch} writes, skips done files, reports bad ones. */
class SparkBatchJobTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(SparkBatchJobTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void sparkLocal2MatchesTheLocalBatchByteForByte(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("day2"));
        Files.copy(fixture("speech.flac"), in.resolve("a.flac"));
        Files.copy(fixture("speech-8k.wav"), in.resolve("day2/b.wav"));
        Files.copy(fixture("speech.flac"), in.resolve("talk.flac"));       // talk.flac + talk.mp3: both kept
        Files.copy(fixture("speech.mp3"), in.resolve("talk.mp3"));
        Files.copy(fixture("corrupt.flac"), in.resolve("broken.flac"));
        Path local = tmp.resolve("local");
        Path spark = tmp.resolve("spark");

        StringWriter err = new StringWriter();
        int rc = SwsCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
                "batch", in.toString(), "--out", local.toString(), "--formats", "txt,srt,json", "--tasks", "transcribe,codec");
        assertEquals(3, rc, "exit code 3 = some files failed (the broken one): " + err);

        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("sws-test").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("ERROR");
            // the partitions' files as streams of one batched recogniser each: still byte-identical to sws batch
            SparkBatchJob.Summary s = SparkBatchJob.run(sc, in, spark, List.of("txt", "srt", "json"), null, 2,
                    "transcribe,punctuate,codec", 2);
            assertEquals(4, s.done());
            assertEquals(1, s.failed());
            assertTrue(s.failures().getFirst().path().endsWith("broken.flac") && !s.failures().getFirst().message().isBlank(),
                    s.failures().toString());
            assertEquals(files(local), files(spark));
            assertEquals(16, files(spark).size());   // 4 files x (txt, srt, json, tokens)
            for (String f : files(local)) {
                assertArrayEquals(Files.readAllBytes(local.resolve(f)), Files.readAllBytes(spark.resolve(f)), f);
            }
            // a second run redoes nothing that is done
            SparkBatchJob.Summary again = SparkBatchJob.run(sc, in, spark, List.of("txt", "srt", "json"), null, 3, "transcribe,punctuate,codec");
            assertEquals(0, again.done());
            assertEquals(4, again.skipped());
            assertEquals(1, again.failed());
        }
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
