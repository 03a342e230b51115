package io.parley.gateway.error;

/** The error codes of the client contract, with the HTTP status each one answers over REST. */
public enum ErrorCode {
    BAD_FRAME(400),
    UNKNOWN_OP(400),
    INVALID(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    RATE_LIMITED(429),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** A code from another service's reply; anything unknown becomes INTERNAL so clients only ever see contract codes. */
    public static ErrorCode fromWire(String code) {
        if (code != null) {
            for (ErrorCode c : values()) {
                if (c.name().equals(code)) {
                    return c;
                }
            }
        }
        return INTERNAL;
    }
}
