package io.parley.auth.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The public shape of a user, the same in REST answers (PROTOCOL §2) and in auth.users records. */
public record UserView(String id, String username, String displayName, List<String> roles, String createdAt) {

    /** ISO-8601 UTC with exactly three fraction digits, as the contract writes every time. */
    private static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static UserView of(User user) {
        return new UserView(user.id().toString(), user.username(), user.displayName(), user.roles(),
                format(user.createdAt()));
    }

    public static String format(Instant instant) {
        return MILLIS_UTC.format(instant);
    }
}
