package dev.sws.core.exec;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Runs tasks and callbacks synchronously on the calling thread. For tests and headless command-line use. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <T> TaskHandle<T> submit(BackgroundTask<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        boolean[] cancelled = {false};
        Progress progress = new Progress() {
            @Override
            public void update(double done, double total, String message) {
                task.progressHandler().accept(new BackgroundTask.ProgressUpdate(total > 0 ? done / total : -1, message));
            }

            @Override
            public boolean isCancelled() {
                return cancelled[0];
            }
        };
        try {
            T r = task.work().call(progress);
            future.complete(r);
            task.successHandler().accept(r);
        } catch (CancellationException e) {
            future.cancel(false);
            task.cancelledHandler().run();
        } catch (Throwable e) {
            future.completeExceptionally(e);
            task.failureHandler().accept(e);
        }
        return new TaskHandle<>() {
            @Override
            public void cancel() {
                cancelled[0] = true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled[0];
            }

            @Override
            public CompletableFuture<T> future() {
                return future;
            }
        };
    }

    @Override
    public Executor uiExecutor() {
        return Runnable::run;
    }

    @Override
    public int pending() {
        return 0;
    }

    @Override
    public void close() {
    }
}
