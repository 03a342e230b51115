package io.parley.kit.error;

/** FORBIDDEN: the caller is known but may not do this (banned, not an admin, not the author). */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }
}
