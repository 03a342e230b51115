package io.parley.chat.domain;

/** The resource does not exist or the caller may not see it. */
public final class NotFound extends ChatException {

    public NotFound(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "NOT_FOUND";
    }

    @Override
    public int status() {
        return 404;
    }
}
