package io.parley.chat.domain;

/** The request conflicts with the current state. */
public final class Conflict extends ChatException {

    public Conflict(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "CONFLICT";
    }

    @Override
    public int status() {
        return 409;
    }
}
