package dev.sws.core.exec;

import java.util.concurrent.CompletableFuture;

/** A submitted task: cancel it, or wait for its result. */
public interface TaskHandle<T> {

    /** Requests cancellation; the task sees {@link Progress#isCancelled()} and stops at its next check. */
    void cancel();

    boolean isCancelled();

    /** Completes with the result, exceptionally with the failure, or cancelled. */
    CompletableFuture<T> future();
}
