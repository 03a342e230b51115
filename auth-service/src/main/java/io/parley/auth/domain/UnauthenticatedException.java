package io.parley.auth.domain;

/** No valid credentials: a bad password, token or refresh token. */
public final class UnauthenticatedException extends ApiException {

    public UnauthenticatedException(String message) {
        super(401, "UNAUTHENTICATED", message);
    }
}
