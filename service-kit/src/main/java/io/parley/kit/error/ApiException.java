package io.parley.kit.error;

/**
 * A failure the client is told about, with its contract code; one subclass per code, turned into an answer in one
 * place ({@link ErrorAnswers}). No stack trace is filled in: these are answers, not bugs.
 */
public abstract class ApiException extends RuntimeException {

    private final ErrorCode code;

    protected ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode errorCode() {
        return code;
    }

    /** The contract code as it goes on the wire, e.g. {@code NOT_FOUND}. */
    public final String code() {
        return code.name();
    }

    /** The HTTP status of this code over REST. */
    public final int status() {
        return code.status();
    }
}
