package io.parley.auth.domain;

/** The resource does not exist (or the caller may not see it). */
public final class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(404, "NOT_FOUND", message);
    }
}
