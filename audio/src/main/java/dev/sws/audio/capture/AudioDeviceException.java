package dev.sws.audio.capture;

import dev.sws.core.util.UserFacingException;

/** No usable microphone or speaker, or the device is busy. The message tells the user what to do. */
public final class AudioDeviceException extends UserFacingException {
    public AudioDeviceException(String message) {
        super(message);
    }

    public AudioDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
