package dev.sws.audio;

import dev.sws.core.util.UserFacingException;

/** Audio that cannot be used: missing, empty, not audio, no audio stream, undecodable. One clear sentence. */
public final class AudioInputException extends UserFacingException {
    public AudioInputException(String message) {
        super(message);
    }

    public AudioInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
