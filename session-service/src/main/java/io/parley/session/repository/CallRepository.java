package io.parley.session.repository;

import io.parley.session.domain.Calls;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL over {@code calls}, {@code call_participants} and {@code dm_members}. Every change of a call happens under its
 * row lock ({@link #lockByChannel} / {@link #lockById}), so the events it publishes are decided once.
 */
@ApplicationScoped
public class CallRepository {

    private static final String PARTICIPANT_COLUMNS =
            "user_id, session_id, instance_id, joined_at, disconnected_at";

    /** Creates the channel's call when there is none; the answer is set only when this call created it. */
    public Uni<Calls.Call> createIfAbsent(SqlClient tx, UUID channelId, UUID startedBy) {
        return tx.preparedQuery("""
                INSERT INTO calls (call_id, channel_id, started_by, started_at) VALUES ($1, $2, $3, now())
                ON CONFLICT (channel_id) DO NOTHING
                RETURNING call_id, channel_id, started_by, started_at
                """).execute(Tuple.of(UUID.randomUUID(), channelId, startedBy))
                .map(rows -> rows.iterator().hasNext() ? call(rows.iterator().next(), true) : null);
    }

    /** The channel's call, locked; null when there is none. */
    public Uni<Calls.Call> lockByChannel(SqlClient tx, UUID channelId) {
        return tx.preparedQuery("SELECT call_id, channel_id, started_by, started_at FROM calls WHERE channel_id = $1"
                        + " FOR UPDATE")
                .execute(Tuple.of(channelId))
                .map(rows -> rows.iterator().hasNext() ? call(rows.iterator().next(), false) : null);
    }

    /** The call, locked unless another transaction holds it (then null: a sweep takes it next round). */
    public Uni<Calls.Call> lockByIdSkipLocked(SqlClient tx, UUID callId) {
        return tx.preparedQuery("SELECT call_id, channel_id, started_by, started_at FROM calls WHERE call_id = $1"
                        + " FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(callId))
                .map(rows -> rows.iterator().hasNext() ? call(rows.iterator().next(), false) : null);
    }

    /** The channel's call, unlocked; null when there is none. */
    public Uni<Calls.Call> byChannel(SqlClient client, UUID channelId) {
        return client.preparedQuery("SELECT call_id, channel_id, started_by, started_at FROM calls WHERE channel_id = $1")
                .execute(Tuple.of(channelId))
                .map(rows -> rows.iterator().hasNext() ? call(rows.iterator().next(), false) : null);
    }

    public Uni<List<Calls.Participant>> participants(SqlClient client, UUID callId) {
        return client.preparedQuery("SELECT " + PARTICIPANT_COLUMNS
                        + " FROM call_participants WHERE call_id = $1 ORDER BY joined_at, user_id")
                .execute(Tuple.of(callId)).map(CallRepository::participants);
    }

    public Uni<Void> addParticipant(SqlClient tx, UUID callId, UUID userId, UUID sessionId, String instance) {
        return tx.preparedQuery("""
                INSERT INTO call_participants (call_id, user_id, session_id, instance_id, joined_at)
                VALUES ($1, $2, $3, $4, now())
                """).execute(Tuple.of(callId, userId, sessionId, instance)).replaceWithVoid();
    }

    /** Puts the user's participation on another socket (a rejoin within the grace period, or a move). */
    public Uni<Void> moveParticipant(SqlClient tx, UUID callId, UUID userId, UUID sessionId, String instance,
            boolean newJoinTime) {
        return tx.preparedQuery("""
                UPDATE call_participants SET session_id = $3, instance_id = $4, disconnected_at = NULL,
                       joined_at = CASE WHEN $5 THEN now() ELSE joined_at END
                WHERE call_id = $1 AND user_id = $2
                """).execute(Tuple.of(callId, userId, sessionId, instance, newJoinTime)).replaceWithVoid();
    }

    public Uni<List<Calls.Participant>> removeUser(SqlClient tx, UUID callId, UUID userId) {
        return tx.preparedQuery("DELETE FROM call_participants WHERE call_id = $1 AND user_id = $2 RETURNING "
                        + PARTICIPANT_COLUMNS)
                .execute(Tuple.of(callId, userId)).map(CallRepository::participants);
    }

    /** Removes the participants whose socket has been gone for the whole grace period. */
    public Uni<List<Calls.Participant>> removeDisconnected(SqlClient tx, UUID callId, Duration grace) {
        return tx.preparedQuery("DELETE FROM call_participants WHERE call_id = $1 AND disconnected_at <= now() - "
                        + "$2::bigint * interval '1 millisecond' RETURNING " + PARTICIPANT_COLUMNS)
                .execute(Tuple.of(callId, grace.toMillis())).map(CallRepository::participants);
    }

    public Uni<Long> countParticipants(SqlClient tx, UUID callId) {
        return tx.preparedQuery("SELECT count(*) AS n FROM call_participants WHERE call_id = $1")
                .execute(Tuple.of(callId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Void> delete(SqlClient tx, UUID callId) {
        return tx.preparedQuery("DELETE FROM calls WHERE call_id = $1").execute(Tuple.of(callId)).replaceWithVoid();
    }

    /**
     * Marks the participants whose session is closed (socket closed, gateway stopped or expired, revoked, banned)
     * or unknown to the registry as disconnected since the close; the grace period runs from there.
     */
    public Uni<Integer> markDisconnected(SqlClient client) {
        return client.preparedQuery("""
                UPDATE call_participants p
                SET disconnected_at = COALESCE((SELECT s.closed_at FROM sessions s WHERE s.session_id = p.session_id), now())
                WHERE p.disconnected_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.session_id = p.session_id AND s.closed_at IS NULL)
                """).execute().map(rows -> rows.rowCount());
    }

    /** Whether the session is live in the registry (its session.closed not yet handled). */
    public Uni<Boolean> sessionLive(SqlClient client, UUID sessionId) {
        return client.preparedQuery("SELECT 1 FROM sessions WHERE session_id = $1 AND closed_at IS NULL")
                .execute(Tuple.of(sessionId)).map(rows -> rows.iterator().hasNext());
    }

    /** Calls with a participant gone for the whole grace period. */
    public Uni<List<UUID>> callsWithExpired(SqlClient client, Duration grace, int batch) {
        return client.preparedQuery("""
                SELECT DISTINCT call_id FROM call_participants
                WHERE disconnected_at <= now() - $1::bigint * interval '1 millisecond' LIMIT $2
                """).execute(Tuple.of(grace.toMillis(), batch)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("call_id")));
                    return ids;
                });
    }

    /** The calls the user is in. */
    public Uni<List<UUID>> callsOfUser(SqlClient client, UUID userId) {
        return client.preparedQuery("SELECT call_id FROM call_participants WHERE user_id = $1")
                .execute(Tuple.of(userId)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("call_id")));
                    return ids;
                });
    }

    /** Locks the call by id (waiting for others); null when it is gone. */
    public Uni<Calls.Call> lockById(SqlClient tx, UUID callId) {
        return tx.preparedQuery("SELECT call_id, channel_id, started_by, started_at FROM calls WHERE call_id = $1"
                        + " FOR UPDATE")
                .execute(Tuple.of(callId))
                .map(rows -> rows.iterator().hasNext() ? call(rows.iterator().next(), false) : null);
    }

    public Uni<Void> dmMemberJoined(SqlClient client, UUID channelId, UUID userId) {
        return client.preparedQuery("INSERT INTO dm_members (channel_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(channelId, userId)).replaceWithVoid();
    }

    public Uni<Void> dmMemberLeft(SqlClient client, UUID channelId, UUID userId) {
        return client.preparedQuery("DELETE FROM dm_members WHERE channel_id = $1 AND user_id = $2")
                .execute(Tuple.of(channelId, userId)).replaceWithVoid();
    }

    /** The other members of a DM channel; empty for a channel that is no DM (or one created before calls existed). */
    public Uni<List<UUID>> otherDmMembers(SqlClient client, UUID channelId, UUID userId) {
        return client.preparedQuery("SELECT user_id FROM dm_members WHERE channel_id = $1 AND user_id <> $2")
                .execute(Tuple.of(channelId, userId)).map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }

    /** Active calls and participants, for the gauges. */
    public Uni<long[]> counts(SqlClient client) {
        return client.query("SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM call_participants) AS p")
                .execute().map(rows -> {
                    Row r = rows.iterator().next();
                    return new long[] {r.getLong("calls"), r.getLong("p")};
                });
    }

    private static Calls.Call call(Row r, boolean created) {
        return new Calls.Call(r.getUUID("call_id"), r.getUUID("channel_id"), r.getUUID("started_by"),
                r.getOffsetDateTime("started_at"), created);
    }

    private static List<Calls.Participant> participants(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Calls.Participant> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Calls.Participant(r.getUUID("user_id"), r.getUUID("session_id"),
                r.getString("instance_id"), r.getOffsetDateTime("joined_at"), r.getOffsetDateTime("disconnected_at"))));
        return out;
    }
}
