package io.parley.session.domain;

/** Contract code NOT_FOUND (HTTP 404). */
public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(404, "NOT_FOUND", message);
    }
}
