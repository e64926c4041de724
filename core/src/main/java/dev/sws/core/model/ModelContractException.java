package dev.sws.core.model;

import dev.sws.core.util.UserFacingException;

/** A model's files do not match the contract its format promises; the message names the file and tensor. */
public final class ModelContractException extends UserFacingException {
    public ModelContractException(String message) {
        super(message);
    }

    public ModelContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
