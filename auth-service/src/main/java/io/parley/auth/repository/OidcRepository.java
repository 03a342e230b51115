package io.parley.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * SQL over the OpenID Connect tables (V3__oidc.sql): sign-ins in flight, identity links, one-time hand-off codes and
 * provider sessions. Single use is a DELETE ... RETURNING: two requests with one state or code cannot both win.
 */
@ApplicationScoped
public class OidcRepository {

    /** A started sign-in, as stored until its callback. */
    public record PendingLogin(String provider, String nonce, String codeVerifier, Instant expiresAt) {
    }

    public Uni<Void> insertLogin(SqlClient client, byte[] stateHash, String provider, String nonce,
            String codeVerifier, Instant expiresAt) {
        return client.preparedQuery("INSERT INTO oidc_logins (state_hash, provider, nonce, code_verifier, expires_at) "
                        + "VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(Buffer.buffer(stateHash), provider, nonce, codeVerifier,
                        expiresAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Removes and returns the sign-in of that state (expired or not: the caller decides); null when unknown. */
    public Uni<PendingLogin> takeLogin(SqlClient client, byte[] stateHash) {
        return client.preparedQuery("DELETE FROM oidc_logins WHERE state_hash = $1 "
                        + "RETURNING provider, nonce, code_verifier, expires_at")
                .execute(Tuple.of(Buffer.buffer(stateHash)))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null : new PendingLogin(row.getString("provider"), row.getString("nonce"),
                            row.getString("code_verifier"), Rows.instant(row, "expires_at"));
                });
    }

    /**
     * Serialises the first sign-ins of one subject (two browser tabs): a transaction-scoped advisory lock on the
     * pair, so only one of them creates the user.
     */
    public Uni<Void> lockSubject(SqlClient client, String provider, String subject) {
        return client.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 25))")
                .execute(Tuple.of(provider + "\n" + subject)).replaceWithVoid();
    }

    /** The linked user's id, or null. */
    public Uni<UUID> findUserId(SqlClient client, String provider, String subject) {
        return client.preparedQuery("UPDATE oidc_identities SET last_login = now() "
                        + "WHERE provider = $1 AND subject = $2 RETURNING user_id")
                .execute(Tuple.of(provider, subject))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null : row.getUUID("user_id");
                });
    }

    public Uni<Void> link(SqlClient client, String provider, String subject, UUID userId) {
        return client.preparedQuery("INSERT INTO oidc_identities (provider, subject, user_id) VALUES ($1, $2, $3)")
                .execute(Tuple.of(provider, subject, userId)).replaceWithVoid();
    }

    public Uni<Void> insertHandoff(SqlClient client, byte[] codeHash, UUID userId, Instant expiresAt) {
        return client.preparedQuery("INSERT INTO oidc_handoffs (code_hash, user_id, expires_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(Buffer.buffer(codeHash), userId,
                        expiresAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Removes the code; the user's id when it existed and had not expired, else null. */
    public Uni<UUID> takeHandoff(SqlClient client, byte[] codeHash) {
        return client.preparedQuery("DELETE FROM oidc_handoffs WHERE code_hash = $1 RETURNING user_id, "
                        + "expires_at > now() AS live")
                .execute(Tuple.of(Buffer.buffer(codeHash)))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null || !row.getBoolean("live") ? null : row.getUUID("user_id");
                });
    }

    public Uni<Void> recordSession(SqlClient client, String provider, String sid, UUID userId, Instant expiresAt) {
        return client.preparedQuery("INSERT INTO oidc_sessions (provider, sid, user_id, expires_at) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (provider, sid, user_id) DO UPDATE "
                        + "SET expires_at = greatest(oidc_sessions.expires_at, excluded.expires_at)")
                .execute(Tuple.of(provider, sid, userId, expiresAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Users named by a logout token: the subject's link and/or the users signed in with that provider session. */
    public Uni<List<UUID>> usersOf(SqlClient client, String provider, String subjectOrNull, String sidOrNull) {
        return client.preparedQuery("SELECT user_id FROM oidc_identities WHERE provider = $1 AND subject = $2 "
                        + "UNION SELECT user_id FROM oidc_sessions WHERE provider = $1 AND sid = $3")
                .execute(Tuple.of(provider, subjectOrNull, sidOrNull))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("user_id")));
                    return ids;
                });
    }

    /** Sign-ins never finished, codes never redeemed, provider sessions past their end. */
    public Uni<Integer> deleteExpired(SqlClient client) {
        return client.query("DELETE FROM oidc_logins WHERE expires_at < now()").execute()
                .chain(a -> client.query("DELETE FROM oidc_handoffs WHERE expires_at < now()").execute()
                        .chain(b -> client.query("DELETE FROM oidc_sessions WHERE expires_at < now()").execute()
                                .map(c -> a.rowCount() + b.rowCount() + c.rowCount())));
    }

    private static Row first(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }
}
