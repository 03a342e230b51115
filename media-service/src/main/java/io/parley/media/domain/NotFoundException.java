package io.parley.media.domain;

/** 404 NOT_FOUND: no such file, or one the caller may not see. */
public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(404, "NOT_FOUND", message);
    }
}
