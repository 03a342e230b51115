package io.parley.session.domain;

/** A failure a client is told about: one subclass per contract error code, mapped to HTTP in one place. */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    protected ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
