package io.parley.media.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One satisfiable byte range of a file, from a {@code Range} header (RFC 9110 §14). */
public record ByteRange(long start, long end) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    public long length() {
        return end - start + 1;
    }

    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * @return empty when the whole file should be sent (no header, another unit, or several ranges, which we
     *         answer with the whole representation as RFC 9110 allows)
     * @throws RangeNotSatisfiableException for a malformed bytes range or one that starts past the end
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null || !header.trim().toLowerCase().startsWith("bytes=")) {
            return Optional.empty();
        }
        String spec = header.trim().replace(" ", "");
        if (spec.contains(",")) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(spec.toLowerCase());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            throw new RangeNotSatisfiableException(size);
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new RangeNotSatisfiableException(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long start = Long.parseLong(m.group(1));
        long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (start >= size || m.group(2).length() > 0 && Long.parseLong(m.group(2)) < start) {
            throw new RangeNotSatisfiableException(size);
        }
        return Optional.of(new ByteRange(start, end));
    }
}
