package io.parley.chat.subscriptions;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL over {@code subscriptions}, each joined with its bot's owner from the users projection. */
@ApplicationScoped
class SubscriptionRepository {

    private static final String VIEW = "SELECT s.id, s.bot_id, u.owner_id, s.url, s.events, s.channel_ids, s.created_at, "
            + "s.active, s.disabled_reason, s.disabled_at FROM subscriptions s LEFT JOIN users u ON u.id = s.bot_id ";

    Uni<OffsetDateTime> insert(SqlClient db, UUID id, UUID botId, String url, List<String> events,
            List<UUID> channelIds, String secret, UUID createdBy) {
        return db.preparedQuery("INSERT INTO subscriptions (id, bot_id, url, events, channel_ids, secret, created_by) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at")
                .execute(Tuple.tuple().addValue(id).addValue(botId).addValue(url)
                        .addValue(events.toArray(String[]::new))
                        .addValue(channelIds == null ? null : channelIds.toArray(UUID[]::new))
                        .addValue(secret).addValue(createdBy))
                .map(rows -> rows.iterator().next().getOffsetDateTime("created_at"));
    }

    Uni<Long> countForBot(SqlClient db, UUID botId) {
        return db.preparedQuery("SELECT count(*) AS n FROM subscriptions WHERE bot_id = $1").execute(Tuple.of(botId))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    Uni<Optional<SubscriptionRow>> find(SqlClient db, UUID id) {
        return db.preparedQuery(VIEW + "WHERE s.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(row(rows.iterator().next())));
    }

    /** The subscriptions of the caller's bots, or of the caller when it is a bot. */
    Uni<List<SubscriptionRow>> visibleTo(SqlClient db, UUID userId) {
        return db.preparedQuery(VIEW + "WHERE s.bot_id = $1 OR u.owner_id = $1 ORDER BY s.created_at, s.id")
                .execute(Tuple.of(userId)).map(SubscriptionRepository::rows);
    }

    Uni<List<SubscriptionRow>> all(SqlClient db) {
        return db.query(VIEW + "ORDER BY s.created_at, s.id").execute().map(SubscriptionRepository::rows);
    }

    Uni<Void> delete(SqlClient db, UUID id) {
        return db.preparedQuery("DELETE FROM subscriptions WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Active again with a clean failure count; its pending deliveries are due at once. */
    Uni<Void> enable(SqlClient db, UUID id) {
        return db.preparedQuery("UPDATE subscriptions SET active = true, disabled_reason = NULL, disabled_at = NULL, "
                        + "consecutive_failures = 0 WHERE id = $1").execute(Tuple.of(id))
                .chain(() -> db.preparedQuery("UPDATE deliveries SET next_attempt_at = now() "
                        + "WHERE subscription_id = $1 AND status = 'pending'").execute(Tuple.of(id)))
                .replaceWithVoid();
    }

    /**
     * Counts a failed attempt and disables the subscription when it reaches {@code limit} in a row.
     *
     * @return the bot's owner (or the bot itself when it has none) when this call disabled it
     */
    Uni<Optional<Disabled>> failed(SqlClient db, UUID id, int limit, String reason) {
        return db.preparedQuery("UPDATE subscriptions SET consecutive_failures = consecutive_failures + 1 "
                        + "WHERE id = $1 RETURNING consecutive_failures, active").execute(Tuple.of(id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<Disabled>empty());
                    }
                    Row row = rows.iterator().next();
                    if (!row.getBoolean("active") || row.getInteger("consecutive_failures") < limit) {
                        return Uni.createFrom().item(Optional.<Disabled>empty());
                    }
                    return db.preparedQuery("UPDATE subscriptions s SET active = false, disabled_reason = $2, "
                                    + "disabled_at = now() FROM users u WHERE s.id = $1 AND s.active AND u.id = s.bot_id "
                                    + "RETURNING s.bot_id, coalesce(u.owner_id, s.bot_id) AS notify")
                            .execute(Tuple.of(id, reason))
                            .map(disabled -> disabled.size() == 0 ? Optional.<Disabled>empty()
                                    : Optional.of(new Disabled(id, disabled.iterator().next().getUUID("bot_id"),
                                            disabled.iterator().next().getUUID("notify"), reason)));
                });
    }

    /** What the delivery side needs of every active subscription. */
    Uni<List<ActiveSubscription>> active(SqlClient db) {
        return db.query("SELECT s.id, s.bot_id, u.username, s.events, s.channel_ids, s.created_at FROM subscriptions s "
                        + "LEFT JOIN users u ON u.id = s.bot_id WHERE s.active").execute()
                .map(rows -> {
                    List<ActiveSubscription> list = new ArrayList<>();
                    for (Row row : rows) {
                        UUID[] channels = row.getArrayOfUUIDs("channel_ids");
                        list.add(new ActiveSubscription(row.getUUID("id"), row.getUUID("bot_id"),
                                row.getString("username"), Arrays.asList(row.getArrayOfStrings("events")),
                                channels == null ? null : Arrays.asList(channels),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    return list;
                });
    }

    /** A subscription that repeated failure has just disabled, and the user to tell. */
    record Disabled(UUID subscriptionId, UUID botId, UUID notifyUser, String reason) {
    }

    private static List<SubscriptionRow> rows(RowSet<Row> rows) {
        List<SubscriptionRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(row(r)));
        return list;
    }

    private static SubscriptionRow row(Row row) {
        UUID[] channels = row.getArrayOfUUIDs("channel_ids");
        return new SubscriptionRow(row.getUUID("id"), row.getUUID("bot_id"), row.getUUID("owner_id"),
                row.getString("url"), Arrays.asList(row.getArrayOfStrings("events")),
                channels == null ? null : Arrays.asList(channels), row.getOffsetDateTime("created_at"),
                row.getBoolean("active"), row.getString("disabled_reason"), row.getOffsetDateTime("disabled_at"));
    }
}
