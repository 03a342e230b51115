package io.parley.media.domain;

/** 416: the {@code Range} asked for is malformed or lies past the end of the file. */
public class RangeNotSatisfiableException extends ApiException {

    private final long size;

    public RangeNotSatisfiableException(long size) {
        super(416, "INVALID", "the requested range is not satisfiable");
        this.size = size;
    }

    /** The file's size, for {@code Content-Range: bytes *}{@code /size}. */
    public long size() {
        return size;
    }
}
