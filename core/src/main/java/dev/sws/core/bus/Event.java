package dev.sws.core.bus;

/**
 * An immutable message on the {@link EventBus}. Each module declares its events as records under a sealed
 * interface that extends this one ({@code AsrEvent}, {@code TtsEvent}, {@link JobEvent}, {@link DeviceEvent},
 * {@link ModelEvent}, {@link ErrorEvent}).
 *
 * <p>The delivery policy belongs to the event type: high-rate, state-like events (partial results, levels,
 * progress) return {@link Delivery#COALESCE} and a key, so a slow subscriber only sees the latest value per key;
 * everything else is {@link Delivery#NEVER_DROP}.
 */
public interface Event {

    /** How the bus treats this event when a subscriber falls behind. */
    default Delivery delivery() {
        return Delivery.NEVER_DROP;
    }

    /**
     * For {@link Delivery#COALESCE} events: events with equal keys replace each other while still queued.
     * The default is the event's class, so one pending value per type.
     */
    default Object coalesceKey() {
        return getClass();
    }
}
