package io.parley.session.domain;

/** Contract code UNAUTHENTICATED (HTTP 401). */
public class UnauthenticatedException extends ApiException {

    public UnauthenticatedException(String message) {
        super(401, "UNAUTHENTICATED", message);
    }
}
