package io.parley.session.repository;

import io.parley.session.domain.ChosenStatus;
import io.parley.session.domain.PresenceDecision;
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

    private static final String LOCK = """
            SELECT user_id, chosen_status, chosen_text, last_seen_at, offline_since,
                   shown_status, shown_text, shown_last_seen_at, now() AS db_now
            FROM presence WHERE user_id = ANY($1) ORDER BY user_id FOR UPDATE
            """;

    /**
     * Locks these users' rows, creating those missing: every presence decision for a user is serialized here. Rows
     * are locked in user order, so two transactions locking overlapping sets never deadlock. A row nearly always
     * exists (it is made at the user's first session and kept), so the lock comes first and the insert only for
     * users it did not find. The answer is in user order.
     */
    public Uni<List<PresenceRow>> lock(SqlClient client, List<UUID> userIds) {
        List<UUID> sorted = userIds.stream().distinct().sorted().toList();
        return lockExisting(client, sorted).chain(found -> {
            if (found.size() == sorted.size()) {
                return Uni.createFrom().item(found);
            }
            Map<UUID, PresenceRow> byUser = new HashMap<>();
            found.forEach(row -> byUser.put(row.userId(), row));
            UUID[] missing = sorted.stream().filter(id -> !byUser.containsKey(id)).toArray(UUID[]::new);
            return client.preparedQuery("INSERT INTO presence (user_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(missing))
                    .chain(() -> lockExisting(client, Arrays.asList(missing)))
                    .map(created -> {
                        created.forEach(row -> byUser.put(row.userId(), row));
                        return sorted.stream().map(byUser::get).toList();
                    });
        });
    }

    private static Uni<List<PresenceRow>> lockExisting(SqlClient client, List<UUID> userIds) {
        return client.preparedQuery(LOCK).execute(Tuple.of(userIds.toArray(UUID[]::new))).map(rows -> {
            List<PresenceRow> locked = new ArrayList<>(rows.size());
            for (Row r : rows) {
                UUID userId = r.getUUID("user_id");
                locked.add(new PresenceRow(userId, ChosenStatus.parse(r.getString("chosen_status")).orElseThrow(),
                        r.getString("chosen_text"), r.getOffsetDateTime("last_seen_at"),
                        r.getOffsetDateTime("offline_since"),
                        new PresenceState(userId, r.getString("shown_status"), r.getString("shown_text"),
                                r.getOffsetDateTime("shown_last_seen_at")),
                        r.getOffsetDateTime("db_now")));
            }
            return locked;
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

    /** Stores each user's decision, in one round trip. */
    public Uni<Void> save(SqlClient client, Map<UUID, PresenceDecision> decisions) {
        if (decisions.isEmpty()) {
            return Uni.createFrom().voidItem(); // an empty batch is an error to the client
        }
        return client.preparedQuery("""
                UPDATE presence SET last_seen_at = $2, offline_since = $3, shown_status = $4, shown_text = $5,
                                    shown_last_seen_at = $6, updated_at = now()
                WHERE user_id = $1
                """).executeBatch(decisions.entrySet().stream().map(e -> Tuple.from(Arrays.asList(e.getKey(),
                        e.getValue().lastSeenAt(), e.getValue().offlineSince(), e.getValue().shown().status(),
                        e.getValue().shown().text(), e.getValue().shown().lastSeenAt()))).toList())
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
