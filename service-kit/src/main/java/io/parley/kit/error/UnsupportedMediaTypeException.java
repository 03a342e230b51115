package io.parley.kit.error;

/** UNSUPPORTED_MEDIA_TYPE: a body or file of a type that is not accepted. */
public class UnsupportedMediaTypeException extends ApiException {

    public UnsupportedMediaTypeException(String message) {
        super(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
    }
}
