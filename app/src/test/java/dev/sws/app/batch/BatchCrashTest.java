package dev.sws.app.batch;

import dev.sws.app.CliRun;
import dev.sws.workstation.batch.BatchRunner;
import dev.sws.workstation.batch.JobStore;
import dev.sws.workstation.Workstation;
import dev.sws.core.exec.CurrentThreadTaskExecutor;
import dev.sws.core.util.AppPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch is killed with SIGKILL in the middle (a real child JVM running {@code sws batch}), then resumed: every
 * good file is done exactly once, the bad file is reported and skipped, and the outputs are byte-identical to an
 * uninterrupted run.
 */
class BatchCrashTest {

    private static Path fixture(String n) throws URISyntaxException {
        return Path.of(BatchCrashTest.class.getResource("/fixtures/" + n).toURI());
    }

    private static Path folder(Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(fixture("speech.flac"), in.resolve("a.flac"));
        Files.copy(fixture("speech.mp3"), in.resolve("b.mp3"));
        Files.copy(fixture("speech-8k.wav"), in.resolve("c.wav"));
        Files.copy(fixture("corrupt.flac"), in.resolve("d-bad.flac"));
        Files.copy(fixture("speech-44k-stereo.flac"), in.resolve("e.flac"));
        Files.copy(fixture("speech.m4a"), in.resolve("f.m4a"));
        Files.writeString(in.resolve("notes.txt"), "not audio");
        Files.copy(fixture("speech-16k.wav"), Files.createDirectories(in.resolve("sub")).resolve("g.wav"));
        Files.copy(fixture("speech.flac"), in.resolve("sub/g.flac")); // same base name as g.wav: both kept
        return in;
    }

    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void killedMidBatchResumesWithoutRedoingOrLosingFiles(@TempDir Path dir) throws Exception {
        Path in = folder(dir);
        Path refOut = dir.resolve("ref-out");
        Path out = dir.resolve("out");
        Path db = dir.resolve("jobs.db");
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor())) {
            // the uninterrupted reference
            try (JobStore ref = new JobStore(dir.resolve("ref.db"))) {
                var job = ref.createJob(in, refOut, "txt,srt", "", "punctuate,transcribe");   // sws batch's default tasks
                var s = new BatchRunner(ref, () -> ctx.asr().fileTranscriber(null), 1, ctx.batchTasks()).run(job, new BatchRunner.Listener() { });
                assertEquals(7, s.done());
                assertEquals(1, s.failed());
            }

            // a real sws process, killed with SIGKILL once its first file is done
            List<String> cmd = dev.sws.app.CliRun.childCommand(dir, "batch", in.toString(), "--out", out.toString(),
                    "--formats", "txt,srt", "--db", db.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            int doneBeforeKill = 0;
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.exists(db)) {
                    try (JobStore peek = new JobStore(db)) {
                        doneBeforeKill = (int) peek.files(1).stream().filter(f -> f.state().equals("done")).count();
                    } catch (Exception busy) {
                        doneBeforeKill = 0;
                    }
                    if (doneBeforeKill >= 1) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            boolean killed = p.isAlive();
            p.destroyForcibly().waitFor();
            assertTrue(killed && doneBeforeKill >= 1 && doneBeforeKill < 7, "the child must be killed mid-batch (done "
                    + doneBeforeKill + ", exit " + (killed ? "killed" : p.exitValue()) + "): " + Files.readString(dir.resolve("child.log"))
                    + (Files.exists(dir.resolve("child-hs_err.log")) ? Files.readAllLines(dir.resolve("child-hs_err.log")).stream().limit(40).toList() : ""));

            // resume in this process
            try (JobStore store = new JobStore(db)) {
                var job = store.job(1).orElseThrow();
                int doneAtKill = (int) store.files(1).stream().filter(f -> f.state().equals("done")).count();
                var s = new BatchRunner(store, () -> ctx.asr().fileTranscriber(null), 1, ctx.batchTasks()).run(job, new BatchRunner.Listener() { });
                assertEquals(7 - doneAtKill, s.done(), "the resumed run transcribes only what was left");
                assertEquals(doneAtKill, s.skipped());
                var files = store.files(1);
                assertEquals(8, files.size());
                for (var f : files) {
                    if (f.path().endsWith("d-bad.flac")) {
                        assertEquals("failed", f.state());
                        assertTrue(f.error().contains("d-bad.flac"), f.error());
                    } else {
                        assertEquals("done", f.state(), f.path());
                        assertEquals(1, f.completions(), f.path() + " completed more than once");
                    }
                }
            }
        }
        assertEquals(tree(refOut), tree(out), "same output files, no temp files left");
        for (Path rel : tree(refOut)) {
            assertArrayEquals(Files.readAllBytes(refOut.resolve(rel)), Files.readAllBytes(out.resolve(rel)), rel.toString());
        }
        assertTrue(tree(out).contains(Path.of("sub/g.wav.txt")) && tree(out).contains(Path.of("sub/g.flac.txt")), tree(out).toString());
    }

    /**
     * SIGTERM (what Ctrl+C and a desktop's log-out send) to a real {@code sws batch} in the middle: a stop is not a
     * failure. The process exits with the signal's status, the files it had not finished stay queued (none marked
     * failed for the stop), and a plain rerun finishes them.
     */
    @Test
    void sigtermMidBatchLeavesTheRestQueuedAndARerunFinishesThem(@TempDir Path dir) throws Exception {
        Path in = folder(dir);
        Path out = dir.resolve("out");
        Path db = dir.resolve("jobs.db");
        List<String> cmd = dev.sws.app.CliRun.childCommand(dir, "batch", in.toString(), "--out", out.toString(),
                "--formats", "txt", "--db", db.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        int done = 0;
        while (System.nanoTime() < deadline && p.isAlive() && done < 1) {
            if (Files.exists(db)) {
                try (JobStore peek = new JobStore(db)) {
                    done = (int) peek.files(1).stream().filter(f -> f.state().equals("done")).count();
                } catch (Exception busy) {
                    done = 0;
                }
            }
            Thread.sleep(50);
        }
        assertTrue(p.isAlive() && done >= 1, "the child must be stopped mid-batch: " + Files.readString(dir.resolve("child.log")));
        p.destroy();   // SIGTERM
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child did not exit after SIGTERM");
        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(143, p.exitValue(), log);
        assertTrue(log.contains("Stopped."), log);
        try (JobStore store = new JobStore(db)) {
            var files = store.files(1);
            assertTrue(files.stream().anyMatch(f -> f.state().equals("queued")), "work was left for the rerun: " + files);
            for (var f : files) {
                assertTrue(f.state().equals("done") || f.state().equals("queued")
                        || (f.state().equals("failed") && f.path().endsWith("d-bad.flac")), f + "\n" + log);
            }
        }
        CliRun again = CliRun.of("batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--db", db.toString());
        assertEquals(3, again.rc(), "only the bad file failed: " + again.err());
        try (JobStore store = new JobStore(db)) {
            for (var f : store.files(1)) {
                assertEquals(f.path().endsWith("d-bad.flac") ? "failed" : "done", f.state(), f.toString());
            }
        }
        assertEquals(7, tree(out).size(), tree(out).toString());
    }

    /** Outputs belong to their inputs: a deleted output or a replaced input is done again; untouched files are not. */
    @Test
    void aDeletedOutputOrAChangedInputIsDoneAgain(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(fixture("speech.flac"), in.resolve("a.flac"));
        Files.copy(fixture("speech-44k-stereo.flac"), in.resolve("b.flac"));
        Files.copy(fixture("speech-8k.wav"), in.resolve("c.wav"));
        Path out = dir.resolve("out");
        String[] args = {"batch", in.toString(), "--out", out.toString(), "--formats", "txt", "--db", dir.resolve("jobs.db").toString()};
        assertEquals(0, CliRun.of(args).rc());
        List<Path> outputs = tree(out);
        assertEquals(3, outputs.size(), outputs.toString());
        Path aOut = out.resolve(outputs.stream().filter(p -> p.toString().startsWith("a.")).findFirst().orElseThrow());
        Files.delete(aOut);
        Files.copy(fixture("silence-3s.flac"), in.resolve("b.flac"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun again = CliRun.of(args);
        assertEquals(0, again.rc(), again.err());
        assertTrue(again.out().contains("this run: 2 transcribed"), again.out());
        assertTrue(Files.exists(aOut), "the deleted output is back");
        try (JobStore store = new JobStore(dir.resolve("jobs.db"))) {
            for (var f : store.files(1)) {
                assertEquals(f.path().endsWith("c.wav") ? 1 : 2, f.completions(), f.toString());
            }
        }
        assertTrue(CliRun.of(args).out().contains("this run: 0 transcribed"), "nothing changed: nothing redone");
    }

    /** The temporary files of outputs a killed run was writing are removed when the job runs again. */
    @Test
    void unfinishedOutputsOfAKilledRunAreRemovedOnTheNextRun(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(fixture("speech.flac"), in.resolve("a.flac"));
        Path out = Files.createDirectories(dir.resolve("out/sub"));
        Path left = Files.writeString(dir.resolve("out/.a.flac.txt.k3j9x2.part"), "half a transcr");
        Path deeper = Files.writeString(out.resolve(".g.wav.srt.0.part"), "1\n00:00");
        Path kept = Files.writeString(dir.resolve("out/notes.part"), "a user's file that only looks alike");
        CliRun r = CliRun.of("batch", in.toString(), "--out", dir.resolve("out").toString(), "--formats", "txt",
                "--db", dir.resolve("jobs.db").toString());
        assertEquals(0, r.rc(), r.err());
        assertTrue(Files.notExists(left) && Files.notExists(deeper), tree(dir.resolve("out")).toString());
        assertTrue(Files.exists(kept));
        assertTrue(Files.exists(dir.resolve("out/a.flac.txt")) || Files.exists(dir.resolve("out/a.txt")), tree(dir.resolve("out")).toString());
    }

    /** Several workers: every file done once, the bad one failed, outputs byte-identical to one worker. */
    @Test
    void parallelWorkersGiveTheSameOutputsAsOne(@TempDir Path dir) throws Exception {
        Path in = folder(dir);
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor());
             JobStore store = new JobStore(dir.resolve("jobs.db"))) {
            var one = store.createJob(in, dir.resolve("out1"), "txt,srt,json", "");
            var s1 = new BatchRunner(store, () -> ctx.asr().fileTranscriber(null), 1).run(one, new BatchRunner.Listener() { });
            var three = store.createJob(in, dir.resolve("out3"), "txt,srt,json", "");
            var seen = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
            var dup = new java.util.concurrent.atomic.AtomicBoolean();
            var s3 = new BatchRunner(store, () -> ctx.asr().fileTranscriber(null), 3).run(three, new BatchRunner.Listener() {
                @Override
                public void fileStarted(JobStore.FileRow f) {
                    dup.compareAndSet(false, !seen.add(f.path()));
                }
            });
            assertEquals(7, s3.done());
            assertEquals(1, s3.failed());
            assertEquals(s1.done(), s3.done());
            org.junit.jupiter.api.Assertions.assertFalse(dup.get(), "a file was claimed twice");
            assertEquals(tree(dir.resolve("out1")), tree(dir.resolve("out3")));
            for (Path rel : tree(dir.resolve("out1"))) {
                if (!rel.toString().endsWith(".json")) {   // JSON carries compute times
                    org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(dir.resolve("out1").resolve(rel)),
                            Files.readAllBytes(dir.resolve("out3").resolve(rel)), rel.toString());
                }
            }
        }
    }

    /** Watch mode: a file dropped into the folder later is transcribed; a file still being written waits. */
    @Test
    void watchedFolderPicksUpNewFiles(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Files.copy(fixture("speech.flac"), in.resolve("first.flac"));
        Files.setLastModifiedTime(in.resolve("first.flac"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        try (Workstation ctx = new Workstation(AppPaths.fromEnvironment(), new CurrentThreadTaskExecutor());
             JobStore store = new JobStore(dir.resolve("jobs.db"))) {
            var job = store.createJob(in, out, "txt", "");
            var runner = new BatchRunner(store, () -> ctx.asr().fileTranscriber(null), 1);
            var error = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread watcher = Thread.ofPlatform().start(() -> {
                try {
                    runner.watch(job, new BatchRunner.Listener() { }, 0.5, r -> { });
                } catch (Exception e) {
                    error.set(e);
                }
            });
            try {
                waitFor(() -> Files.exists(out.resolve("first.txt")), 60);
                Files.copy(fixture("speech.mp3"), in.resolve("later.mp3"));   // fresh mtime: settles after 0.5 s
                waitFor(() -> Files.exists(out.resolve("later.txt")), 60);
            } finally {
                watcher.interrupt();
                watcher.join(30_000);
            }
            org.junit.jupiter.api.Assertions.assertNull(error.get());
            assertEquals(2, store.files(job.id()).stream().filter(f -> f.state().equals("done")).count());
            assertTrue(Files.readString(out.resolve("later.txt")).contains("incorrect"));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(100);
        }
    }
}
