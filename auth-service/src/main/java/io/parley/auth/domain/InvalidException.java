package io.parley.auth.domain;

/** A request body, parameter or field that breaks the contract's rules. */
public final class InvalidException extends ApiException {

    public InvalidException(String message) {
        super(400, "INVALID", message);
    }
}
