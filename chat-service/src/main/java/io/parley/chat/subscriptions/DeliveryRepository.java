package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;
import io.parley.chat.repository.Columns;
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

    /**
     * Writes the candidates whose bot was a member of the channel at their seq (its last member.joined/left at or
     * before that seq is a join, or is that very seq: the event announcing its own leaving), in one statement; a
     * candidate already there (a redelivered record) adds nothing.
     *
     * @return how many rows were added
     */
    Uni<Integer> insertIfMember(SqlClient db, List<ChatEventsIntake.Candidate> candidates) {
        return db.preparedQuery("INSERT INTO deliveries (id, subscription_id, channel_id, seq, ordinal, event, body, "
                        + "status) SELECT c.id, c.subscription_id, c.channel_id, c.seq, c.ordinal, c.event, c.body, "
                        + "'pending' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::bigint[], "
                        + "$6::smallint[], $7::text[], $8::text[]) "
                        + "AS c(id, subscription_id, bot_id, channel_id, seq, ordinal, event, body) "
                        + "WHERE (SELECT e.type = 'member.joined' OR e.seq = c.seq FROM channel_events e "
                        + "WHERE e.channel_id = c.channel_id AND (e.payload ->> 'userId') = c.bot_id "
                        + "AND e.type IN ('member.joined', 'member.left') AND e.seq <= c.seq "
                        + "ORDER BY e.seq DESC LIMIT 1) "
                        + "ON CONFLICT (subscription_id, channel_id, seq, ordinal) DO NOTHING")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(Columns.of(candidates, UUID[]::new, ChatEventsIntake.Candidate::id))
                        .addArrayOfUUID(Columns.of(candidates, UUID[]::new, ChatEventsIntake.Candidate::subscriptionId))
                        .addArrayOfString(Columns.of(candidates, String[]::new, c -> c.botId().toString()))
                        .addArrayOfUUID(Columns.of(candidates, UUID[]::new, ChatEventsIntake.Candidate::channelId))
                        .addArrayOfLong(Columns.of(candidates, Long[]::new, ChatEventsIntake.Candidate::seq))
                        .addArrayOfShort(Columns.of(candidates, Short[]::new, c -> (short) c.ordinal()))
                        .addArrayOfString(Columns.of(candidates, String[]::new, ChatEventsIntake.Candidate::event))
                        .addArrayOfString(Columns.of(candidates, String[]::new, ChatEventsIntake.Candidate::body)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Leases the due heads of lanes of active subscriptions, oldest due first, up to {@code limit}, in one statement.
     * A head leased by another instance is skipped, and so is its lane: only a lane's head is ever taken, so a lane
     * never skips ahead. Two instances racing for one head: the second's update finds the lease (or the delivered
     * status) on its re-check and leaves the row.
     */
    Uni<List<Attempt>> claimDue(SqlClient db, int limit, Duration lease) {
        return db.preparedQuery("UPDATE deliveries d SET lease_until = now() + $2 * interval '1 millisecond' "
                        + "FROM (SELECT h.id FROM (SELECT DISTINCT ON (subscription_id, channel_id) id, subscription_id, "
                        + "next_attempt_at, lease_until FROM deliveries WHERE status = 'pending' "
                        + "ORDER BY subscription_id, channel_id, seq, ordinal) h "
                        + "JOIN subscriptions a ON a.id = h.subscription_id AND a.active "
                        + "WHERE h.next_attempt_at <= now() AND (h.lease_until IS NULL OR h.lease_until < now()) "
                        + "ORDER BY h.next_attempt_at LIMIT $1) due, subscriptions s "
                        + "WHERE d.id = due.id AND s.id = d.subscription_id AND s.active "
                        + "AND d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < now()) "
                        + "RETURNING d.id, d.subscription_id, d.channel_id, d.seq, d.event, d.body, d.attempts, "
                        + "s.url, s.secret")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Attempt> attempts = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        attempts.add(new Attempt(row.getUUID("id"), row.getUUID("subscription_id"),
                                row.getUUID("channel_id"), row.getLong("seq"), row.getString("event"),
                                row.getString("body"), row.getInteger("attempts") + 1, row.getString("url"),
                                row.getString("secret")));
                    }
                    return attempts;
                });
    }

    /**
     * Records successful attempts, many in one statement, and ends their subscriptions' runs of failures (a
     * subscription already at 0 is not written).
     */
    Uni<Void> delivered(SqlClient db, UUID[] ids, Integer[] statuses) {
        return db.preparedQuery("WITH done AS (UPDATE deliveries d SET status = 'delivered', "
                        + "attempts = d.attempts + 1, delivered_at = now(), lease_until = NULL, last_status = u.status, "
                        + "last_error = NULL FROM unnest($1::uuid[], $2::int[]) AS u(id, status) WHERE d.id = u.id "
                        + "RETURNING d.subscription_id) "
                        + "UPDATE subscriptions s SET consecutive_failures = 0 "
                        + "WHERE s.id IN (SELECT subscription_id FROM done) AND s.consecutive_failures <> 0")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfInteger(statuses)).replaceWithVoid();
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
