package io.parley.chat.domain;

/** A failure the client is told about: one subclass per contract error code, mapped to HTTP and replies in one place. */
public abstract class ChatException extends RuntimeException {

    protected ChatException(String message) {
        super(message, null, false, false);
    }

    /** The contract code, e.g. {@code NOT_FOUND}. */
    public abstract String code();

    /** The HTTP status of this code over REST. */
    public abstract int status();
}
