package io.parley.auth.domain;

/** A dependency (database, broker) cannot serve the request now. */
public final class UnavailableException extends ApiException {

    public UnavailableException(String message) {
        super(503, "UNAVAILABLE", message);
    }
}
