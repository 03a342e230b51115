package io.parley.auth.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The public shape of a user, the same in REST answers (PROTOCOL §2) and in auth.users records: {@code bot} is true
 * for a bot account, {@code ownerId} its owner (absent for a person).
 */
public record UserView(String id, String username, String displayName, List<String> roles, String createdAt,
        boolean bot, @JsonInclude(JsonInclude.Include.NON_NULL) String ownerId) {

    /** ISO-8601 UTC with exactly three fraction digits, as the contract writes every time. */
    private static final DateTimeFormatter MILLIS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static UserView of(User user) {
        return new UserView(user.id().toString(), user.username(), user.displayName(), user.roles(),
                format(user.createdAt()), user.bot(), user.ownerId() == null ? null : user.ownerId().toString());
    }

    public static String format(Instant instant) {
        return MILLIS_UTC.format(instant);
    }
}
