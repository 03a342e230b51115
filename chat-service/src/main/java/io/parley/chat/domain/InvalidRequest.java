package io.parley.chat.domain;

/** The request is malformed or a field is out of bounds. */
public final class InvalidRequest extends ChatException {

    public InvalidRequest(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "INVALID";
    }

    @Override
    public int status() {
        return 400;
    }
}
