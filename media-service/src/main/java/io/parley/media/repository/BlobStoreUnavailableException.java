package io.parley.media.repository;

import java.io.IOException;

/**
 * The blob store did not answer or refused the request (S3 down, throttling, 5xx, bad credentials): a dependency
 * that is away, answered 503 {@code UNAVAILABLE} so the client may retry, unlike a blob that fails authentication.
 */
public class BlobStoreUnavailableException extends IOException {

    public BlobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The contract's answer for it. */
    public io.parley.kit.error.UnavailableException toUnavailable() {
        return new io.parley.kit.error.UnavailableException("the file store is unavailable; try again");
    }
}
