package io.parley.media.domain;

import io.parley.kit.error.InvalidException;

/**
 * The {@code Range} asked for is malformed or lies past the end of the file: code INVALID, answered 416 with
 * {@code Content-Range: bytes *}{@code /size} by {@code MediaResource} (the one answer media-service adds to the
 * kit's mapping: it needs the file's size).
 */
public class RangeNotSatisfiableException extends InvalidException {

    private final long size;

    public RangeNotSatisfiableException(long size) {
        super("the requested range is not satisfiable");
        this.size = size;
    }

    /** The file's size, for {@code Content-Range: bytes *}{@code /size}. */
    public long size() {
        return size;
    }
}
