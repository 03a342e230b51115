package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL over {@code deliveries}. Hand-written: the dispatcher takes the head of each lane (DISTINCT ON) and claims it
 * with a lease, so two instances never work on one lane at once and a lane never skips ahead of its head.
 */
@ApplicationScoped
class DeliveryRepository {

    /** Adds the delivery unless that (subscription, channel, seq, ordinal) is already there (a redelivered record). */
    Uni<Boolean> insert(SqlClient db, UUID id, UUID subscriptionId, UUID channelId, long seq, int ordinal,
            String event, String body) {
        return db.preparedQuery("INSERT INTO deliveries (id, subscription_id, channel_id, seq, ordinal, event, body, "
                        + "status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') "
                        + "ON CONFLICT (subscription_id, channel_id, seq, ordinal) DO NOTHING")
                .execute(Tuple.tuple().addValue(id).addValue(subscriptionId).addValue(channelId).addValue(seq)
                        .addValue((short) ordinal).addValue(event).addValue(body))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The due heads of lanes of active subscriptions, oldest due first; a leased head is skipped. */
    Uni<List<UUID>> dueHeads(SqlClient db, int limit) {
        return db.preparedQuery("SELECT h.id FROM (SELECT DISTINCT ON (subscription_id, channel_id) id, subscription_id, "
                        + "next_attempt_at, lease_until FROM deliveries WHERE status = 'pending' "
                        + "ORDER BY subscription_id, channel_id, seq, ordinal) h "
                        + "JOIN subscriptions s ON s.id = h.subscription_id AND s.active "
                        + "WHERE h.next_attempt_at <= now() AND (h.lease_until IS NULL OR h.lease_until < now()) "
                        + "ORDER BY h.next_attempt_at LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** Leases a head for one attempt; empty when another instance took it or the subscription stopped. */
    Uni<Optional<Attempt>> claim(SqlClient db, UUID id, Duration lease) {
        return db.preparedQuery("UPDATE deliveries d SET lease_until = now() + $2 * interval '1 millisecond' "
                        + "FROM subscriptions s WHERE d.id = $1 AND s.id = d.subscription_id AND s.active "
                        + "AND d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < now()) "
                        + "RETURNING d.id, d.subscription_id, d.channel_id, d.seq, d.event, d.body, d.attempts, "
                        + "s.url, s.secret")
                .execute(Tuple.of(id, lease.toMillis()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Attempt(row.getUUID("id"), row.getUUID("subscription_id"),
                            row.getUUID("channel_id"), row.getLong("seq"), row.getString("event"),
                            row.getString("body"), row.getInteger("attempts") + 1, row.getString("url"),
                            row.getString("secret")));
                });
    }

    Uni<Void> delivered(SqlClient db, UUID id, int status) {
        return db.preparedQuery("UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, "
                        + "delivered_at = now(), lease_until = NULL, last_status = $2, last_error = NULL WHERE id = $1")
                .execute(Tuple.of(id, status)).replaceWithVoid();
    }

    Uni<Void> failed(SqlClient db, UUID id, Integer status, String error, Duration retryIn) {
        return db.preparedQuery("UPDATE deliveries SET attempts = attempts + 1, lease_until = NULL, last_status = $2, "
                        + "last_error = $3, next_attempt_at = now() + $4 * interval '1 millisecond' WHERE id = $1")
                .execute(Tuple.of(id, status, error, retryIn.toMillis())).replaceWithVoid();
    }

    /** The newest deliveries of a subscription, as the delivery log shows them. */
    Uni<List<ObjectNode>> log(SqlClient db, UUID subscriptionId, int limit) {
        return db.preparedQuery("SELECT id, event, channel_id, seq, status, attempts, last_status, last_error, "
                        + "created_at, delivered_at, next_attempt_at FROM deliveries WHERE subscription_id = $1 "
                        + "ORDER BY created_at DESC, seq DESC, ordinal DESC LIMIT $2")
                .execute(Tuple.of(subscriptionId, limit))
                .map(rows -> {
                    List<ObjectNode> list = new ArrayList<>();
                    for (Row row : rows) {
                        ObjectNode json = Json.object();
                        json.put("id", row.getUUID("id").toString());
                        json.put("event", row.getString("event"));
                        json.put("channelId", row.getUUID("channel_id").toString());
                        json.put("seq", row.getLong("seq"));
                        json.put("status", row.getString("status"));
                        json.put("attempts", row.getInteger("attempts"));
                        putNullable(json, "lastStatus", row.getInteger("last_status"));
                        json.put("lastError", row.getString("last_error"));
                        json.put("createdAt", WireTime.format(row.getOffsetDateTime("created_at")));
                        OffsetDateTime delivered = row.getOffsetDateTime("delivered_at");
                        json.put("deliveredAt", delivered == null ? null : WireTime.format(delivered));
                        json.put("nextAttemptAt", "pending".equals(row.getString("status"))
                                ? WireTime.format(row.getOffsetDateTime("next_attempt_at")) : null);
                        list.add(json);
                    }
                    return list;
                });
    }

    Uni<Long> pending(SqlClient db) {
        return db.query("SELECT count(*) AS n FROM deliveries WHERE status = 'pending'").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    Uni<Integer> purgeDelivered(SqlClient db, Duration keep) {
        return db.preparedQuery("DELETE FROM deliveries WHERE status = 'delivered' "
                        + "AND delivered_at < now() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(keep.toMillis())).map(rows -> rows.rowCount());
    }

    private static void putNullable(ObjectNode json, String field, Integer value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }

    /** One attempt at a lane's head: what to POST where, signed with which secret. */
    record Attempt(UUID id, UUID subscriptionId, UUID channelId, long seq, String event, String body, int attempt,
            String url, String secret) {

        @Override
        public String toString() {
            // never the secret, nor the URL (it may carry a token of the receiver)
            return "Attempt[" + id + " of subscription " + subscriptionId + ", " + event + " seq " + seq + "]";
        }
    }
}
