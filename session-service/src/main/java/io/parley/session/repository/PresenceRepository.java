package io.parley.session.repository;

import io.parley.session.domain.ChosenStatus;
import io.parley.session.domain.PresenceRow;
import io.parley.session.domain.PresenceState;
import io.parley.session.domain.SessionEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL over {@code presence}: each user's chosen status and what others were last shown. */
@ApplicationScoped
public class PresenceRepository {

    /** Creates the row when missing, then locks it: every presence decision for a user is serialized here. */
    public Uni<PresenceRow> lock(SqlClient client, UUID userId) {
        return client.preparedQuery("INSERT INTO presence (user_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(userId))
                .chain(() -> client.preparedQuery("""
                        SELECT chosen_status, chosen_text, last_seen_at, offline_since,
                               shown_status, shown_text, shown_last_seen_at, now() AS db_now
                        FROM presence WHERE user_id = $1 FOR UPDATE
                        """).execute(Tuple.of(userId)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new PresenceRow(userId, ChosenStatus.parse(r.getString("chosen_status")).orElseThrow(),
                            r.getString("chosen_text"), r.getOffsetDateTime("last_seen_at"),
                            r.getOffsetDateTime("offline_since"),
                            new PresenceState(userId, r.getString("shown_status"), r.getString("shown_text"),
                                    r.getOffsetDateTime("shown_last_seen_at")),
                            r.getOffsetDateTime("db_now"));
                });
    }

    /** Applies a choice unless a later one was applied already (redelivered or reordered presence.set). */
    public Uni<Void> choose(SqlClient client, SessionEvents.PresenceSet set) {
        return client.preparedQuery("""
                UPDATE presence SET chosen_status = $2, chosen_text = $3, chosen_at = $4
                WHERE user_id = $1 AND (chosen_at IS NULL OR chosen_at <= $4)
                """).execute(Tuple.of(set.userId(), set.status().wire(), set.text(), SessionRepository.utc(set.at())))
                .replaceWithVoid();
    }

    public Uni<Void> save(SqlClient client, UUID userId, OffsetDateTime lastSeenAt, OffsetDateTime offlineSince,
            PresenceState shown) {
        return client.preparedQuery("""
                UPDATE presence SET last_seen_at = $2, offline_since = $3, shown_status = $4, shown_text = $5,
                                    shown_last_seen_at = $6, updated_at = now()
                WHERE user_id = $1
                """).execute(Tuple.from(Arrays.asList(userId, lastSeenAt, offlineSince, shown.status(), shown.text(),
                        shown.lastSeenAt())))
                .replaceWithVoid();
    }

    /**
     * Starts the grace period of those of these users left without a live session, in the transaction that closed
     * their sessions: should this instance die before it decides their presence, the offline sweep still finds them.
     */
    public Uni<Void> startGraceWhereNoLiveSession(SqlClient client, List<UUID> userIds) {
        return client.preparedQuery("""
                UPDATE presence p SET offline_since = now()
                WHERE p.user_id = ANY($1) AND p.offline_since IS NULL
                  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = p.user_id AND s.closed_at IS NULL)
                """).execute(Tuple.of(userIds.toArray(UUID[]::new))).replaceWithVoid();
    }

    /** Users still shown present whose last session has been gone for the whole grace period. */
    public Uni<List<UUID>> dueOffline(SqlClient client, Duration grace, int batch) {
        return client.preparedQuery("""
                SELECT user_id FROM presence
                WHERE offline_since IS NOT NULL AND shown_status <> 'offline'
                  AND offline_since <= now() - $1::bigint * interval '1 millisecond'
                ORDER BY offline_since LIMIT $2
                """).execute(Tuple.of(grace.toMillis(), batch))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("user_id")));
                    return ids;
                });
    }

    /** What others see of these users; users never seen have no entry. */
    public Uni<Map<UUID, PresenceState>> shown(SqlClient client, List<UUID> userIds) {
        return client.preparedQuery("""
                SELECT user_id, shown_status, shown_text, shown_last_seen_at FROM presence WHERE user_id = ANY($1)
                """).execute(Tuple.of(userIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, PresenceState> shown = new HashMap<>();
                    rows.forEach(r -> shown.put(r.getUUID("user_id"), new PresenceState(r.getUUID("user_id"),
                            r.getString("shown_status"), r.getString("shown_text"),
                            r.getOffsetDateTime("shown_last_seen_at"))));
                    return shown;
                });
    }
}
