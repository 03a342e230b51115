package io.parley.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The transactional outbox of auth.users records. */
@ApplicationScoped
public class UserOutboxRepository {

    /** Arbitrary constant: the advisory lock that lets one relay at a time publish, so records keep their order. */
    private static final long RELAY_LOCK = 0x5061726c65794fL;

    /** A record waiting to be published: key and the envelope's JSON text. */
    public record PendingRecord(long id, UUID userId, String type, String envelopeJson) {
    }

    public Uni<Void> append(SqlClient client, UUID userId, String type, String envelopeJson) {
        return client.preparedQuery("INSERT INTO user_outbox (user_id, type, payload) VALUES ($1, $2, $3)")
                .execute(Tuple.of(userId, type, envelopeJson)).replaceWithVoid();
    }

    /** False when another relay (this or another instance) holds the lock; released when the transaction ends. */
    public Uni<Boolean> tryLockRelay(SqlClient client) {
        return client.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(RELAY_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    public Uni<List<PendingRecord>> findUnpublished(SqlClient client, int limit) {
        return client.preparedQuery("SELECT id, user_id, type, payload FROM user_outbox "
                        + "WHERE published_at IS NULL ORDER BY id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PendingRecord> records = new ArrayList<>();
                    rows.forEach(row -> records.add(new PendingRecord(row.getLong("id"), row.getUUID("user_id"),
                            row.getString("type"), row.getString("payload"))));
                    return records;
                });
    }

    public Uni<Void> markPublished(SqlClient client, List<Long> ids) {
        return client.preparedQuery("UPDATE user_outbox SET published_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    public Uni<Integer> deletePublishedBefore(SqlClient client, Duration age) {
        return client.preparedQuery("DELETE FROM user_outbox WHERE published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds())).map(rows -> rows.rowCount());
    }
}
