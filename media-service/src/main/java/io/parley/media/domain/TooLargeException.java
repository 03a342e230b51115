package io.parley.media.domain;

/** 413 TOO_LARGE: over the upload limit, the user's quota, or the image size thumbnails accept. */
public class TooLargeException extends ApiException {

    public TooLargeException(String message) {
        super(413, "TOO_LARGE", message);
    }
}
