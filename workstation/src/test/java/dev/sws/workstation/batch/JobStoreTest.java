package dev.sws.workstation.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobStoreTest {

    /**
     * A batch process and a viewer (the GUI, `sws batch --status`, the crash test's watcher) may open a new job
     * database at the same moment: the schema and its migrations must be made once, not race (seen in CI as
     * "duplicate column name: tasks").
     */
    @Test
    void concurrentOpeningsOfANewDatabaseCreateTheSchemaOnce(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 15; round++) {
                Path db = dir.resolve("jobs-" + round + ".db");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> opened = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    opened.add(pool.submit(() -> {
                        go.await();
                        try (JobStore s = new JobStore(db)) {
                            return s.jobs().size();
                        }
                    }));
                }
                go.countDown();
                for (Future<?> f : opened) {
                    assertEquals(0, f.get(), "round " + round);
                }
                try (JobStore s = new JobStore(db)) {
                    var job = s.createJob(dir, dir.resolve("out"), "txt", "", "transcribe,codec");
                    assertEquals("transcribe,codec", s.job(job.id()).orElseThrow().tasks());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A batch claiming files while another connection (a viewer, a second process) keeps opening the store and writing:
     * every claim succeeds, none twice. A claim that updated under its open read would be refused the lock
     * upgrade at once with SQLITE_BUSY whenever the other writer got in between (the CI's BatchCrashTest hit it).
     */
    @Test
    void claimsSurviveAnotherWriter(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("jobs.db");
        int n = 400;
        try (JobStore store = new JobStore(db)) {
            var job = store.createJob(dir, dir.resolve("out"), "txt", "");
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                files.add(dir.resolve("f" + i + ".wav"));
            }
            store.addFiles(job.id(), files);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> writer = pool.submit(() -> {
                    int writes = 0;
                    while (!stop.get()) {
                        try (JobStore other = new JobStore(db)) {   // opening writes (the schema transaction)
                            other.retryFailed(job.id());
                            writes++;
                        }
                    }
                    return writes;
                });
                java.util.Set<Long> claimed = new java.util.HashSet<>();
                for (var f = store.claimNext(job.id()); f.isPresent(); f = store.claimNext(job.id())) {
                    assertEquals(true, claimed.add(f.get().id()), "claimed twice: " + f.get());
                    store.markDone(f.get().id(), 1, 1);
                }
                stop.set(true);
                assertEquals(n, claimed.size());
                assertEquals(true, writer.get() > 0, "the other writer ran");
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
    }

    /** A damaged jobs.db (not SQLite at all, or broken pages) is set aside with a sentence; batches go on with a new one. */
    @Test
    void aDamagedDatabaseIsSetAsideNotABlocker(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("jobs.db");
        Files.writeString(db, "this is not a database, but somebody's notes saved under the wrong name\n".repeat(100));
        try (JobStore store = new JobStore(db)) {
            String said = store.notice().orElseThrow();
            assertTrue(said.startsWith("The job database " + db + " was damaged"), said);
            assertTrue(store.jobs().isEmpty());
            store.createJob(dir, dir.resolve("out"), "txt", "");
        }
        try (var bad = Files.list(dir)) {
            Path aside = bad.filter(p -> p.getFileName().toString().startsWith("jobs.db.bad-")).findFirst().orElseThrow();
            assertTrue(Files.readString(aside).startsWith("this is not a database"), "the damaged file is kept as it was");
        }
        try (JobStore again = new JobStore(db)) {
            assertTrue(again.notice().isEmpty(), "the new database is healthy");
            assertEquals(1, again.jobs().size());
        }

        // broken pages inside a real database: the header is fine, the tables are not
        Path db2 = dir.resolve("two.db");
        try (JobStore store = new JobStore(db2)) {
            var job = store.createJob(dir, dir.resolve("out2"), "txt", "");
            List<Path> many = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                many.add(dir.resolve("audio-" + i + "-with-a-long-name-to-fill-pages.wav"));
            }
            store.addFiles(job.id(), many);
        }
        byte[] bytes = Files.readAllBytes(db2);
        for (int i = 4096 * 2; i < Math.min(bytes.length, 4096 * 6); i++) {
            bytes[i] = (byte) 0xA5;
        }
        Files.write(db2, bytes);
        try (JobStore store = new JobStore(db2)) {
            assertTrue(store.notice().orElseThrow().contains("was damaged"), store.notice().toString());
            assertTrue(store.jobs().isEmpty());
        }
    }

    /** An output folder belongs to one input folder: a second job from another input is refused in one sentence. */
    @Test
    void anOutputFolderBelongsToOneInputFolder(@TempDir Path dir) throws Exception {
        try (JobStore store = new JobStore(dir.resolve("jobs.db"))) {
            store.createJob(dir.resolve("interviews"), dir.resolve("out"), "txt", "");
            var e = org.junit.jupiter.api.Assertions.assertThrows(dev.sws.core.util.UserFacingException.class,
                    () -> store.createJob(dir.resolve("lectures"), dir.resolve("out/."), "txt,json", ""));
            assertEquals("The output folder " + dir.resolve("out") + " already holds the outputs of batch job 1 (from "
                    + dir.resolve("interviews") + "); choose another output folder for " + dir.resolve("lectures") + ".", e.getMessage());
            // the same input again (another format, or afresh) may write there: the names are the same files'
            store.createJob(dir.resolve("interviews"), dir.resolve("out"), "srt", "");
            store.createJob(dir.resolve("lectures"), dir.resolve("out-lectures"), "txt", "");
            assertEquals(3, store.jobs().size());
        }
    }
}
