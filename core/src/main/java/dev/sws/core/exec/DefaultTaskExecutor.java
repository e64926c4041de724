package dev.sws.core.exec;

import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Worker pool of virtual or platform threads plus a UI executor for callbacks. */
public final class DefaultTaskExecutor implements TaskExecutor {

    private static final Logger LOG = Logger.getLogger(DefaultTaskExecutor.class.getName());
    private static final int CLOSE_WAIT_S = 20;

    private final ExecutorService workers;
    private final Executor ui;
    /** Cancel flags of the tasks queued or running. */
    private final Set<AtomicBoolean> active = ConcurrentHashMap.newKeySet();

    /**
     * @param workerThreads number of worker threads (engines are CPU-bound: keep it small)
     * @param uiExecutor    where callbacks run, e.g. {@code Platform::runLater}
     */
    public DefaultTaskExecutor(int workerThreads, Executor uiExecutor) {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerThreads, r -> {
            // 8 MB like a native thread: ONNX Runtime and FFmpeg kernels run on these threads (see ADR 0012)
            Thread t = new Thread(null, r, "sws-task-" + n.incrementAndGet(), 8L << 20);
            t.setDaemon(true);
            return t;
        });
        this.ui = uiExecutor;
    }

    @Override
    public <T> TaskHandle<T> submit(BackgroundTask<T> task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<T> future = new CompletableFuture<>();
        AtomicReference<BackgroundTask.ProgressUpdate> latest = new AtomicReference<>();
        Progress progress = new Progress() {
            @Override
            public void update(double done, double total, String message) {
                var p = new BackgroundTask.ProgressUpdate(total > 0 ? Math.min(1.0, done / total) : -1, message);
                if (latest.getAndSet(p) == null) { // coalesce: schedule one UI update for the latest value
                    ui.execute(() -> task.progressHandler().accept(latest.getAndSet(null)));
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
        active.add(cancelled);
        workers.execute(() -> {
            try {
                T result = task.work().call(progress);
                if (cancelled.get()) {
                    throw new CancellationException();
                }
                future.complete(result);
                ui.execute(() -> task.successHandler().accept(result));
            } catch (CancellationException e) {
                future.cancel(false);
                ui.execute(task.cancelledHandler());
            } catch (Throwable e) {
                LOG.log(Level.FINE, "task failed: " + task.title(), e);
                future.completeExceptionally(e);
                ui.execute(() -> task.failureHandler().accept(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e));
            } finally {
                active.remove(cancelled);
            }
        });
        return new TaskHandle<>() {
            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }

            @Override
            public CompletableFuture<T> future() {
                return future;
            }
        };
    }

    @Override
    public Executor uiExecutor() {
        return ui;
    }

    @Override
    public int pending() {
        return active.size();
    }

    @Override
    public void close() {
        // cancel what runs and wait for it: the services close their model sessions after this (AppContext.close)
        active.forEach(c -> c.set(true));
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_S, TimeUnit.SECONDS)) {
                LOG.warning("background tasks still running " + CLOSE_WAIT_S + " s after cancel: " + active.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
