package io.parley.session.domain;

/** Contract code UNAVAILABLE (HTTP 503). */
public class UnavailableException extends ApiException {

    public UnavailableException(String message) {
        super(503, "UNAVAILABLE", message);
    }
}
