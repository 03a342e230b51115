package io.parley.media.domain;

/** 415 UNSUPPORTED_MEDIA_TYPE: the request or the file is not of a type this call handles. */
public class UnsupportedMediaTypeException extends ApiException {

    public UnsupportedMediaTypeException(String message) {
        super(415, "UNSUPPORTED_MEDIA_TYPE", message);
    }
}
