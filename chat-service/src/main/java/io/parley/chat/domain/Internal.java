package io.parley.chat.domain;

/** A failure of the service itself; the client learns nothing more than that. */
public final class Internal extends ChatException {

    public Internal(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "INTERNAL";
    }

    @Override
    public int status() {
        return 500;
    }
}
