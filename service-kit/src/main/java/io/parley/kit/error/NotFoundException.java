package io.parley.kit.error;

/** NOT_FOUND: nothing there, or nothing the caller may know of (the visibility rule). */
public class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
