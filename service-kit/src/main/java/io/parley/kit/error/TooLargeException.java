package io.parley.kit.error;

/** TOO_LARGE: a body, file or field over its documented limit. */
public class TooLargeException extends ApiException {

    public TooLargeException(String message) {
        super(ErrorCode.TOO_LARGE, message);
    }
}
