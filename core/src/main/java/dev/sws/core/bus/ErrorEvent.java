package dev.sws.core.bus;

import java.util.Objects;

/**
 * An error as an event: a one-sentence message for the user, the component it came from, and the cause for the
 * log. Never dropped.
 *
 * @param source      component that failed, for example {@code "asr"} or {@code "batch"}
 * @param userMessage one plain sentence a user can act on (no stack traces)
 * @param cause       the underlying exception, or {@code null}
 */
public record ErrorEvent(String source, String userMessage, Throwable cause) implements Event {
    public ErrorEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(userMessage, "userMessage");
    }
}
