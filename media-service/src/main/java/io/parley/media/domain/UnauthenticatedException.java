package io.parley.media.domain;

/** 401 UNAUTHENTICATED: no valid access token. */
public class UnauthenticatedException extends ApiException {

    public UnauthenticatedException(String message) {
        super(401, "UNAUTHENTICATED", message);
    }
}
