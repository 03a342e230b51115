package io.parley.session.domain;

/** Contract code INVALID (HTTP 400). */
public class InvalidException extends ApiException {

    public InvalidException(String message) {
        super(400, "INVALID", message);
    }
}
