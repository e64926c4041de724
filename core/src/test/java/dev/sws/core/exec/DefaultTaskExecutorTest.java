package dev.sws.core.exec;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing the executor cancels the running tasks and waits for them, so that their owners can free what they use. */
class DefaultTaskExecutorTest {

    @Test
    void closeCancelsRunningTasksAndWaitsForThem() throws Exception {
        DefaultTaskExecutor ex = new DefaultTaskExecutor(1, Runnable::run);
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        ex.submit(BackgroundTask.of("loop until cancelled", p -> {
            running.countDown();
            while (!p.isCancelled()) {
                Thread.onSpinWait();   // a model step loop: checks cancellation, not interruption
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();   // the last step still runs after the cancel
            }
            finished.set(true);
            return null;
        }));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        ex.close();
        assertTrue(finished.get(), "close() returned before the running task had ended");
    }
}
