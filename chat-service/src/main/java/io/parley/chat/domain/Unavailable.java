package io.parley.chat.domain;

/** A dependency is down; the client may retry later. */
public final class Unavailable extends ChatException {

    public Unavailable(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "UNAVAILABLE";
    }

    @Override
    public int status() {
        return 503;
    }
}
