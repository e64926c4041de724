package dev.sws.core.bus;

/** A handle on one subscription; closing it stops further deliveries (a delivery in progress completes). */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
