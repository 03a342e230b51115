package io.parley.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The generated key pairs kept in the auth database, DER-encoded (X.509 public, PKCS#8 private). */
@ApplicationScoped
public class SigningKeyRepository {

    /** Arbitrary constant: the advisory lock that lets one instance at a time create or rotate keys. */
    private static final long KEY_LOCK = 0x5061726c65794bL;

    /** One stored key, still encoded. */
    public record StoredKey(String kid, byte[] publicKey, byte[] privateKey, Instant activatesAt) {
    }

    /** Holds until the surrounding transaction ends; other instances wait, then see the key this one made. */
    public Uni<Void> lockForKeyChanges(SqlClient client) {
        return client.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(KEY_LOCK)).replaceWithVoid();
    }

    public Uni<List<StoredKey>> findAll(SqlClient client) {
        return client.query("SELECT kid, public_key, private_key, activates_at FROM signing_keys ORDER BY activates_at")
                .execute()
                .map(rows -> {
                    List<StoredKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(new StoredKey(row.getString("kid"),
                            row.getBuffer("public_key").getBytes(), row.getBuffer("private_key").getBytes(),
                            Rows.instant(row, "activates_at"))));
                    return keys;
                });
    }

    public Uni<Void> insert(SqlClient client, StoredKey key) {
        return client.preparedQuery("INSERT INTO signing_keys (kid, public_key, private_key, activates_at) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (kid) DO NOTHING")
                .execute(Tuple.of(key.kid(), Buffer.buffer(key.publicKey()),
                        Buffer.buffer(key.privateKey()),
                        key.activatesAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, List<String> kids) {
        if (kids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("DELETE FROM signing_keys WHERE kid = ANY($1)")
                .execute(Tuple.of(kids.toArray(String[]::new))).replaceWithVoid();
    }
}
