package io.parley.session.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The contract's time format: ISO-8601 UTC with exactly three fractional digits. */
public final class UtcMillis {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private UtcMillis() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }

    public static String format(OffsetDateTime time) {
        return time == null ? null : FORMAT.format(time.toInstant());
    }
}
