package io.parley.kit.error;

/** The contract's error envelope, {@code {"code","message"}}: the only shape a failure takes on the wire. */
public record ErrorBody(String code, String message) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code.name(), message);
    }
}
