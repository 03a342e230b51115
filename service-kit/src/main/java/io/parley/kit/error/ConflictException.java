package io.parley.kit.error;

/** CONFLICT: the request clashes with the current state (a taken name, a full call). */
public class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }
}
