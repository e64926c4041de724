package dev.sws.workstation.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
