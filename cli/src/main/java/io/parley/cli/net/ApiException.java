package io.parley.cli.net;

/** A contract error answer ({@code {"code","message"}}) or a transport failure (code UNAVAILABLE, status 0). */
public final class ApiException extends RuntimeException {
    private final String code;
    private final int status;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** What the status line shows: the server's own message, or the code. */
    public String describe() {
        return getMessage() == null || getMessage().isBlank() ? code : getMessage();
    }
}
