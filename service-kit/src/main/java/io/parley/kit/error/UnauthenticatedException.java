package io.parley.kit.error;

/** UNAUTHENTICATED: no valid access token, or one that names no current account. */
public class UnauthenticatedException extends ApiException {

    public UnauthenticatedException(String message) {
        super(ErrorCode.UNAUTHENTICATED, message);
    }
}
