package io.parley.session.repository;

import io.parley.session.domain.CloseReason;
import io.parley.session.domain.SessionEvents;
import io.parley.session.domain.SessionRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL over the {@code sessions} table. Every write is conditional, so a redelivered or out-of-order record and
 * several service instances sweeping at once change nothing twice.
 *
 * <p>Hand-written SQL on the Vert.x pool, not Panache: every write is an upsert, a conditional update or a
 * {@code SKIP LOCKED} batch, and shares one transaction with the presence row lock and the broker's acknowledgement.
 */
@ApplicationScoped
public class SessionRepository {

    private static final String LIVE_COLUMNS = """
            SELECT s.session_id, s.user_id, s.instance_id, s.user_agent, s.client_ip, s.connected_at,
                   GREATEST(s.last_seen_at, g.last_heartbeat) AS last_seen_at
            FROM sessions s LEFT JOIN gateway_instances g ON g.instance_id = s.instance_id
            WHERE s.closed_at IS NULL
            """;

    /**
     * A close that came first wins: the row stays closed, the open only fills in what it knows. Several opens go in
     * one round trip (one statement execution each, so a session opened twice in the list is merged as one after the
     * other would be).
     */
    public Uni<Void> recordOpened(SqlClient client, List<SessionEvents.Opened> opened) {
        return client.preparedQuery("""
                INSERT INTO sessions (session_id, user_id, instance_id, user_agent, client_ip, connected_at, last_seen_at,
                                      family_id)
                VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
                ON CONFLICT (session_id) DO UPDATE SET
                    family_id = COALESCE(sessions.family_id, EXCLUDED.family_id),
                    user_agent = COALESCE(sessions.user_agent, EXCLUDED.user_agent),
                    client_ip = COALESCE(sessions.client_ip, EXCLUDED.client_ip),
                    connected_at = COALESCE(sessions.connected_at, EXCLUDED.connected_at),
                    last_seen_at = GREATEST(sessions.last_seen_at, EXCLUDED.last_seen_at)
                """).executeBatch(opened.stream().map(o -> Tuple.from(Arrays.asList(o.sessionId(), o.userId(),
                        o.instance(), o.userAgent(), o.ip(), utc(o.connectedAt()), o.familyId()))).toList())
                .replaceWithVoid();
    }

    /** Closing twice keeps the first close; a close before its open creates the row already closed. */
    public Uni<Void> recordClosed(SqlClient client, List<SessionEvents.Closed> closed) {
        return client.preparedQuery("""
                INSERT INTO sessions (session_id, user_id, instance_id, last_seen_at, closed_at, close_code, close_reason)
                VALUES ($1, $2, $3, $4, $4, $5, $6)
                ON CONFLICT (session_id) DO UPDATE SET
                    last_seen_at = GREATEST(sessions.last_seen_at, EXCLUDED.closed_at),
                    closed_at = COALESCE(sessions.closed_at, EXCLUDED.closed_at),
                    close_code = COALESCE(sessions.close_code, EXCLUDED.close_code),
                    close_reason = COALESCE(sessions.close_reason, EXCLUDED.close_reason)
                """).executeBatch(closed.stream().map(c -> Tuple.from(Arrays.asList(c.sessionId(), c.userId(),
                        c.instance(), utc(c.closedAt()), c.code(), CloseReason.CLOSED.tag()))).toList())
                .replaceWithVoid();
    }

    public Uni<Void> touch(SqlClient client, UUID sessionId, Instant at) {
        return client.preparedQuery("UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE session_id = $1")
                .execute(Tuple.of(sessionId, utc(at))).replaceWithVoid();
    }

    /** Closes one live session, of {@code owner} when given; the answer is its user, or null when none matched. */
    public Uni<UUID> closeLive(SqlClient client, UUID sessionId, UUID owner, int code, CloseReason reason) {
        return closeLiveSession(client, sessionId, owner, code, reason)
                .map(closed -> closed == null ? null : closed.userId());
    }

    /** A session {@link #closeLiveSession} closed: its owner and refresh-token family (null when unknown). */
    public record ClosedSession(UUID userId, UUID familyId) {
    }

    /** As {@link #closeLive}, also answering the session's refresh-token family. */
    public Uni<ClosedSession> closeLiveSession(SqlClient client, UUID sessionId, UUID owner, int code,
            CloseReason reason) {
        return client.preparedQuery("""
                UPDATE sessions SET closed_at = now(), close_code = $3, close_reason = $4
                WHERE session_id = $1 AND closed_at IS NULL AND ($2::uuid IS NULL OR user_id = $2)
                RETURNING user_id, family_id
                """).execute(Tuple.of(sessionId, owner, code, reason.tag()))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    var row = rows.iterator().next();
                    return new ClosedSession(row.getUUID("user_id"), row.getUUID("family_id"));
                });
    }

    /** A banned user's sessions opened before the ban; a replayed old ban never closes sessions of a later unban. */
    public Uni<Integer> closeOfBannedUser(SqlClient client, UUID userId, Instant bannedAt, int code) {
        return client.preparedQuery("""
                UPDATE sessions SET closed_at = now(), close_code = $3, close_reason = $4
                WHERE user_id = $1 AND closed_at IS NULL AND (connected_at IS NULL OR connected_at <= $2)
                """).execute(Tuple.of(userId, utc(bannedAt), code, CloseReason.BANNED.tag()))
                .map(RowSet::rowCount);
    }

    /** Sessions a gracefully stopped gateway held; those opened after a restart under the same id stay live. */
    public Uni<List<UUID>> closeOfStoppedInstance(SqlClient client, String instance, Instant stoppedAt) {
        return client.preparedQuery("""
                UPDATE sessions SET closed_at = $2, close_code = 1001, close_reason = $3
                WHERE instance_id = $1 AND closed_at IS NULL AND (connected_at IS NULL OR connected_at <= $2)
                RETURNING user_id
                """).execute(Tuple.of(instance, utc(stoppedAt), CloseReason.GATEWAY_STOPPED.tag()))
                .map(SessionRepository::userIds);
    }

    /**
     * Closes the live sessions of gateways silent for {@code missed} of their intervals. Every gateway that opened a
     * session has a row (see {@link GatewayInstanceRepository#recordSeen}), so the scan starts from the small
     * instances table; SKIP LOCKED lets several service instances sweep at once without waiting on each other.
     */
    public Uni<List<UUID>> expireOnSilentGateways(SqlClient client, int missed, long defaultIntervalMs, int batch) {
        return client.preparedQuery("""
                WITH silent AS (
                    SELECT s.session_id FROM gateway_instances g
                    JOIN sessions s ON s.instance_id = g.instance_id AND s.closed_at IS NULL
                    WHERE g.last_heard_at < now() - $1::int * COALESCE(g.interval_ms, $2::bigint) * interval '1 millisecond'
                    LIMIT $3
                    FOR UPDATE OF s SKIP LOCKED)
                UPDATE sessions SET closed_at = now(), close_reason = $4
                FROM silent WHERE sessions.session_id = silent.session_id
                RETURNING sessions.user_id
                """).execute(Tuple.of(missed, defaultIntervalMs, batch, CloseReason.GATEWAY_EXPIRED.tag()))
                .map(SessionRepository::userIds);
    }

    /** How many live sessions each of these users has; a user with none is absent from the map. */
    public Uni<Map<UUID, Long>> countLive(SqlClient client, List<UUID> userIds) {
        return client.preparedQuery("""
                SELECT user_id, count(*) AS n FROM sessions WHERE user_id = ANY($1) AND closed_at IS NULL GROUP BY user_id
                """).execute(Tuple.of(userIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Long> live = new HashMap<>();
                    for (Row row : rows) {
                        live.put(row.getUUID("user_id"), row.getLong("n"));
                    }
                    return live;
                });
    }

    public Uni<List<SessionRecord>> liveOf(SqlClient client, UUID userId) {
        return client.preparedQuery(LIVE_COLUMNS + " AND s.user_id = $1 ORDER BY s.connected_at, s.session_id")
                .execute(Tuple.of(userId)).map(SessionRepository::records);
    }

    /** Every live session, or one user's, newest first: the admin view. */
    public Uni<List<SessionRecord>> live(SqlClient client, UUID userId, int limit) {
        return client.preparedQuery(LIVE_COLUMNS
                        + " AND ($1::uuid IS NULL OR s.user_id = $1) ORDER BY s.connected_at DESC, s.session_id LIMIT $2")
                .execute(Tuple.of(userId, limit)).map(SessionRepository::records);
    }

    public Uni<Integer> deleteClosedBefore(SqlClient client, OffsetDateTime before) {
        return client.preparedQuery("DELETE FROM sessions WHERE closed_at < $1").execute(Tuple.of(before))
                .map(RowSet::rowCount);
    }

    /** Live sessions per gateway instance, for the gauges. */
    public Uni<List<InstanceCount>> countLiveByInstance(SqlClient client) {
        return client.query("SELECT instance_id, count(*) AS n FROM sessions WHERE closed_at IS NULL GROUP BY instance_id")
                .execute().map(rows -> {
                    List<InstanceCount> counts = new ArrayList<>();
                    rows.forEach(r -> counts.add(new InstanceCount(r.getString("instance_id"), r.getLong("n"))));
                    return counts;
                });
    }

    /** Live sessions on one gateway instance. */
    public record InstanceCount(String instance, long sessions) {
    }

    /** One user id per closed session (a user appears once per session). */
    private static List<UUID> userIds(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getUUID("user_id")));
        return ids;
    }

    private static List<SessionRecord> records(RowSet<Row> rows) {
        List<SessionRecord> records = new ArrayList<>();
        rows.forEach(r -> records.add(new SessionRecord(r.getUUID("session_id"), r.getUUID("user_id"),
                r.getString("instance_id"), r.getString("user_agent"), r.getString("client_ip"),
                r.getOffsetDateTime("connected_at"), r.getOffsetDateTime("last_seen_at"))));
        return records;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
