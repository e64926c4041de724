package dev.sws.core.exec;

/** Given to a running {@link BackgroundTask}: report progress and check for cancellation. Thread-safe. */
public interface Progress {

    /** Reports {@code done} of {@code total} units with a short message (coalesced before it reaches the UI). */
    void update(double done, double total, String message);

    /** True once the task was cancelled; long loops check it and return early. */
    boolean isCancelled();

    /** Throws {@link java.util.concurrent.CancellationException} if the task was cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new java.util.concurrent.CancellationException("cancelled");
        }
    }

    /** A progress sink that ignores updates and is never cancelled. */
    static Progress none() {
        return new Progress() {
            @Override
            public void update(double done, double total, String message) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
