package dev.sws.core.settings;

import dev.sws.core.util.UserFacingException;

/** A setting value out of its allowed range; the message names the setting and the allowed values. */
public final class InvalidSettingsException extends UserFacingException {
    public InvalidSettingsException(String message) {
        super(message);
    }
}
