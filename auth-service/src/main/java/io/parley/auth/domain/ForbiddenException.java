package io.parley.auth.domain;

/** The caller is known but may not do this (banned, not an admin, wrong password on change). */
public final class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(403, "FORBIDDEN", message);
    }
}
