package io.parley.chat.domain;

/** The caller sees the resource but may not do this to it. */
public final class Forbidden extends ChatException {

    public Forbidden(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "FORBIDDEN";
    }

    @Override
    public int status() {
        return 403;
    }
}
