package dev.sws.core.bus;

/** Delivery policy of an event type. */
public enum Delivery {
    /** Latest value wins: a queued event with the same key is replaced, never blocking the publisher. */
    COALESCE,
    /** Every event is delivered, in order; a full subscriber queue applies back-pressure to the publisher. */
    NEVER_DROP
}
