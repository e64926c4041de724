package dev.sws.core.exec;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A unit of background work with callbacks that run on the executor's UI thread (JabRef's {@code BackgroundTask}
 * in spirit). Build one with {@link #of(String, Work)} and chain callbacks; submit it to a {@link TaskExecutor}.
 *
 * @param <T> the result type
 */
public final class BackgroundTask<T> {

    /** The work itself; runs on a worker thread. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Progress progress) throws Exception;
    }

    /** Progress as the UI sees it: fraction in [0,1] (or negative when unknown) and a message. */
    public record ProgressUpdate(double fraction, String message) {}

    private final String title;
    private final Work<T> work;
    private Consumer<? super T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Consumer<ProgressUpdate> onProgress = p -> { };

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    /** Runs on the UI executor with the result. */
    public BackgroundTask<T> onSuccess(Consumer<? super T> c) {
        this.onSuccess = Objects.requireNonNull(c);
        return this;
    }

    /** Runs on the UI executor with the failure (never for cancellation). */
    public BackgroundTask<T> onFailure(Consumer<Throwable> c) {
        this.onFailure = Objects.requireNonNull(c);
        return this;
    }

    /** Runs on the UI executor when the task ended because it was cancelled. */
    public BackgroundTask<T> onCancelled(Runnable r) {
        this.onCancelled = Objects.requireNonNull(r);
        return this;
    }

    /** Runs on the UI executor, coalesced: only the latest progress value is delivered when the UI is busy. */
    public BackgroundTask<T> onProgress(Consumer<ProgressUpdate> c) {
        this.onProgress = Objects.requireNonNull(c);
        return this;
    }

    public String title() {
        return title;
    }

    Work<T> work() {
        return work;
    }

    Consumer<? super T> successHandler() {
        return onSuccess;
    }

    Consumer<Throwable> failureHandler() {
        return onFailure;
    }

    Runnable cancelledHandler() {
        return onCancelled;
    }

    Consumer<ProgressUpdate> progressHandler() {
        return onProgress;
    }
}
