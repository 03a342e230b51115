package io.parley.media.domain;

/** 403 FORBIDDEN: the caller sees the file but may not change it, or is banned. */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String message) {
        super(403, "FORBIDDEN", message);
    }
}
