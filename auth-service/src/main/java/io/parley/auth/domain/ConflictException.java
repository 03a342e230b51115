package io.parley.auth.domain;

/** The change clashes with existing state, e.g. a username already taken. */
public final class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(409, "CONFLICT", message);
    }
}
