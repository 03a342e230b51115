package io.parley.session.domain;

/** Contract code FORBIDDEN (HTTP 403). */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(403, "FORBIDDEN", message);
    }
}
