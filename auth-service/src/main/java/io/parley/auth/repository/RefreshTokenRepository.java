package io.parley.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.UUID;

/** Refresh tokens by the SHA-256 of their value; the value itself is never stored. */
@ApplicationScoped
public class RefreshTokenRepository {

    /** A stored token's family and owner, and whether it was already exchanged. */
    public record StoredToken(UUID familyId, UUID userId, boolean rotated, boolean revoked, boolean expired) {
    }

    public Uni<Void> insert(SqlClient client, byte[] tokenHash, UUID familyId, UUID userId, Instant expiresAt) {
        return client.preparedQuery("INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) "
                        + "VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(Buffer.buffer(tokenHash), familyId, userId, expiresAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Marks a live token as exchanged, atomically: of two concurrent uses only one gets the row back.
     * Null when the token is unknown, expired, revoked or already exchanged.
     */
    public Uni<StoredToken> markRotated(SqlClient client, byte[] tokenHash) {
        return client.preparedQuery("UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = $1 "
                        + "AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now() "
                        + "RETURNING family_id, user_id, true AS rotated, false AS revoked, false AS expired")
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .map(rows -> single(rows.iterator()));
    }

    public Uni<StoredToken> find(SqlClient client, byte[] tokenHash) {
        return client.preparedQuery("SELECT family_id, user_id, rotated_at IS NOT NULL AS rotated, "
                        + "revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired "
                        + "FROM refresh_tokens WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .map(rows -> single(rows.iterator()));
    }

    public Uni<Integer> revokeFamily(SqlClient client, UUID familyId) {
        return client.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() "
                        + "WHERE family_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(familyId)).map(rows -> rows.rowCount());
    }

    /** Revokes the family only if it is the user's (a family has one owner); idempotent. */
    public Uni<Integer> revokeFamilyOf(SqlClient client, UUID familyId, UUID userId) {
        return client.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() "
                        + "WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL")
                .execute(Tuple.of(familyId, userId)).map(rows -> rows.rowCount());
    }

    public Uni<Integer> revokeAllOfUser(SqlClient client, UUID userId) {
        return client.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() "
                        + "WHERE user_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(userId)).map(rows -> rows.rowCount());
    }

    /** Expired rows can prove nothing any more, not even reuse. */
    public Uni<Integer> deleteExpired(SqlClient client) {
        return client.query("DELETE FROM refresh_tokens WHERE expires_at < now()")
                .execute().map(rows -> rows.rowCount());
    }

    private static StoredToken single(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return null;
        }
        Row row = rows.next();
        return new StoredToken(row.getUUID("family_id"), row.getUUID("user_id"), row.getBoolean("rotated"),
                row.getBoolean("revoked"), row.getBoolean("expired"));
    }
}
