package io.parley.media.domain;

/** 503 UNAVAILABLE: a dependency (database, Kafka, storage) failed; retrying may succeed. */
public class UnavailableException extends ApiException {

    public UnavailableException(String message) {
        super(503, "UNAVAILABLE", message);
    }
}
