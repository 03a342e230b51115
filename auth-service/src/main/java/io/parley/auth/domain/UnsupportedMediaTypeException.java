package io.parley.auth.domain;

/** The request body is not JSON. */
public final class UnsupportedMediaTypeException extends ApiException {

    public UnsupportedMediaTypeException(String message) {
        super(415, "UNSUPPORTED_MEDIA_TYPE", message);
    }
}
