package io.parley.auth.repository;

import io.parley.auth.domain.User;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

/** Column-to-record mapping shared by the repositories that read users. */
final class Rows {

    static final String USER_COLUMNS = "id, username, display_name, roles, banned, created_at, updated_at, bot, owner_id, "
            + "tokens_not_before, deleted_at";

    private Rows() {
    }

    static User user(Row row) {
        return new User(row.getUUID("id"), row.getString("username"), row.getString("display_name"),
                Arrays.asList(row.getArrayOfStrings("roles")), row.getBoolean("banned"),
                instant(row, "created_at"), instant(row, "updated_at"), row.getBoolean("bot"), row.getUUID("owner_id"),
                instant(row, "tokens_not_before"), instant(row, "deleted_at"));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
