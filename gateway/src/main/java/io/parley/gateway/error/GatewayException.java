package io.parley.gateway.error;

/** A failure a client may see: its contract code and a message safe to show (never a stack trace or internal detail). */
public class GatewayException extends RuntimeException {

    private final ErrorCode code;
    private final Long retryAfterMs;

    public GatewayException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public GatewayException(ErrorCode code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID, message);
    }

    public static GatewayException unavailable(String message) {
        return new GatewayException(ErrorCode.UNAVAILABLE, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** Only set for RATE_LIMITED. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
