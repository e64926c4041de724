package dev.sws.app.batch;

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
}
