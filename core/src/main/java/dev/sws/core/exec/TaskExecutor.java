package dev.sws.core.exec;

import java.util.concurrent.Executor;

/**
 * Runs {@link BackgroundTask}s off the UI thread and their callbacks on it. Injected everywhere background work
 * happens; tests use {@link CurrentThreadTaskExecutor} so results are deterministic.
 */
public interface TaskExecutor extends AutoCloseable {

    <T> TaskHandle<T> submit(BackgroundTask<T> task);

    /** The executor on which callbacks run (the FX application thread in the GUI). */
    Executor uiExecutor();

    /** Number of tasks submitted and not yet finished. */
    int pending();

    @Override
    void close();
}
