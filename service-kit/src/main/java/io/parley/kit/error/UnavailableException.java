package io.parley.kit.error;

/** UNAVAILABLE: a dependency (database, broker, another service) is away; the client may retry. */
public class UnavailableException extends ApiException {

    public UnavailableException(String message) {
        super(ErrorCode.UNAVAILABLE, message);
    }
}
