package io.parley.media.domain;

/** 400 INVALID: the request is malformed or a value is out of range. */
public class InvalidException extends ApiException {

    public InvalidException(String message) {
        super(400, "INVALID", message);
    }
}
