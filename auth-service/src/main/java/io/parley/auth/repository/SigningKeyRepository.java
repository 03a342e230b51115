package io.parley.auth.repository;

import io.parley.auth.domain.KeyEncryptionKey.Sealed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated key pairs kept in the auth database: the public half DER-encoded (X.509), the private half PKCS#8
 * sealed with the key-encryption key (V5); rows an older version wrote hold it in plaintext until they are sealed.
 */
@ApplicationScoped
public class SigningKeyRepository {

    /** Arbitrary constant: the advisory lock that lets one instance at a time create, rotate or seal keys. */
    private static final long KEY_LOCK = 0x5061726c65794bL;

    /**
     * One stored key, still encoded.
     *
     * @param sealed    the sealed PKCS#8 private key; null only in a row an older version wrote
     * @param plaintext the PKCS#8 private key of such a row, else null
     */
    public record StoredKey(String kid, byte[] publicKey, Sealed sealed, byte[] plaintext, Instant activatesAt) {

        /** Written in plaintext by a version before V5: to be sealed. */
        public boolean isPlaintext() {
            return sealed == null;
        }
    }

    /** Holds until the surrounding transaction ends; other instances wait, then see the key this one made. */
    public Uni<Void> lockForKeyChanges(SqlClient client) {
        return client.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(KEY_LOCK)).replaceWithVoid();
    }

    public Uni<List<StoredKey>> findAll(SqlClient client) {
        return client.query("SELECT kid, public_key, private_key, private_key_nonce, private_key_sealed, activates_at "
                        + "FROM signing_keys ORDER BY activates_at")
                .execute()
                .map(rows -> {
                    List<StoredKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(new StoredKey(row.getString("kid"),
                            row.getBuffer("public_key").getBytes(), sealed(row), bytes(row, "private_key"),
                            Rows.instant(row, "activates_at"))));
                    return keys;
                });
    }

    /** Stores a new key, its private half sealed. */
    public Uni<Void> insert(SqlClient client, StoredKey key) {
        if (key.isPlaintext()) {
            throw new IllegalArgumentException("signing key " + key.kid() + " must be sealed before it is stored");
        }
        return client.preparedQuery("INSERT INTO signing_keys (kid, public_key, private_key_nonce, private_key_sealed,"
                        + " activates_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kid) DO NOTHING")
                .execute(Tuple.of(key.kid(), Buffer.buffer(key.publicKey()), Buffer.buffer(key.sealed().nonce()),
                        Buffer.buffer(key.sealed().ciphertext()), key.activatesAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Replaces a row's plaintext private key by its sealed form; the plaintext column is emptied. */
    public Uni<Void> seal(SqlClient client, String kid, Sealed sealed) {
        return client.preparedQuery("UPDATE signing_keys SET private_key_nonce = $2, private_key_sealed = $3, "
                        + "private_key = NULL WHERE kid = $1")
                .execute(Tuple.of(kid, Buffer.buffer(sealed.nonce()), Buffer.buffer(sealed.ciphertext())))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient client, List<String> kids) {
        if (kids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("DELETE FROM signing_keys WHERE kid = ANY($1)")
                .execute(Tuple.of(kids.toArray(String[]::new))).replaceWithVoid();
    }

    private static Sealed sealed(Row row) {
        byte[] ciphertext = bytes(row, "private_key_sealed");
        return ciphertext == null ? null : new Sealed(bytes(row, "private_key_nonce"), ciphertext);
    }

    private static byte[] bytes(Row row, String column) {
        var buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
