package io.parley.auth.repository;

import io.parley.auth.domain.User;
import io.parley.kit.error.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import static io.parley.auth.repository.Rows.USER_COLUMNS;

/** SQL over bot accounts (users with bot = true) and their tokens (bot_tokens: SHA-256 only). */
@ApplicationScoped
public class BotRepository {

    private static final String UNIQUE_VIOLATION = "23505";

    /** @throws ConflictException (in the Uni) when the name is taken, whatever its case */
    public Uni<User> insert(SqlClient client, UUID id, String username, String displayName, UUID ownerId,
            List<String> roles) {
        return client.preparedQuery("INSERT INTO users (id, username, display_name, password_hash, roles, bot, owner_id) "
                        + "VALUES ($1, $2, $3, NULL, $4, true, $5) RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, username, displayName, roles.toArray(String[]::new), ownerId))
                .onFailure(f -> f instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState()))
                .transform(e -> new ConflictException("username is already taken"))
                .map(BotRepository::single);
    }

    /** Bots not deleted: those of {@code ownerId}, or every one when it is null; by username. */
    public Uni<List<User>> list(SqlClient client, UUID ownerId) {
        String where = ownerId == null ? "" : " AND owner_id = $1";
        Tuple args = ownerId == null ? Tuple.tuple() : Tuple.of(ownerId);
        return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM users WHERE bot AND deleted_at IS NULL" + where
                        + " ORDER BY lower(username)")
                .execute(args)
                .map(rows -> {
                    List<User> bots = new ArrayList<>();
                    rows.forEach(row -> bots.add(Rows.user(row)));
                    return bots;
                });
    }

    public Uni<Long> countOwnedBy(SqlClient client, UUID ownerId) {
        return client.preparedQuery("SELECT count(*) AS n FROM users WHERE bot AND deleted_at IS NULL AND owner_id = $1")
                .execute(Tuple.of(ownerId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Bots that exist (not deleted), for the parley_auth_bots gauge. */
    public Uni<Long> countLive(SqlClient client) {
        return client.query("SELECT count(*) AS n FROM users WHERE bot AND deleted_at IS NULL")
                .execute().map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Replaces the bot's token (one live token per bot). */
    public Uni<Void> replaceToken(SqlClient client, UUID botId, byte[] tokenHash) {
        return client.preparedQuery("INSERT INTO bot_tokens (token_hash, bot_id) VALUES ($1, $2) "
                        + "ON CONFLICT (bot_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()")
                .execute(Tuple.of(Buffer.buffer(tokenHash), botId)).replaceWithVoid();
    }

    /** @return whether the bot had a token */
    public Uni<Boolean> deleteToken(SqlClient client, UUID botId) {
        return client.preparedQuery("DELETE FROM bot_tokens WHERE bot_id = $1")
                .execute(Tuple.of(botId)).map(rows -> rows.rowCount() > 0);
    }

    /** The bot a token belongs to (whatever its state); null for an unknown token. */
    public Uni<User> findByTokenHash(SqlClient client, byte[] tokenHash) {
        return client.preparedQuery("SELECT " + prefixed("u") + " FROM bot_tokens t JOIN users u ON u.id = t.bot_id "
                        + "WHERE t.token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(tokenHash))).map(BotRepository::single);
    }

    /** Sets the bound before which the user's access tokens are refused (see User#refusesTokenIssuedAt). */
    public Uni<User> refuseTokensBefore(SqlClient client, UUID id, Instant notBefore) {
        return client.preparedQuery("UPDATE users SET tokens_not_before = $2, updated_at = now() WHERE id = $1 "
                        + "RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, notBefore.atOffset(ZoneOffset.UTC))).map(BotRepository::single);
    }

    /** Marks the bot deleted: banned, its tokens refused from now on. */
    public Uni<User> markDeleted(SqlClient client, UUID id, Instant tokensNotBefore) {
        return client.preparedQuery("UPDATE users SET deleted_at = now(), banned = true, tokens_not_before = $2, "
                        + "updated_at = now() WHERE id = $1 RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, tokensNotBefore.atOffset(ZoneOffset.UTC))).map(BotRepository::single);
    }

    private static String prefixed(String alias) {
        StringBuilder columns = new StringBuilder();
        for (String column : USER_COLUMNS.split(",")) {
            if (!columns.isEmpty()) {
                columns.append(", ");
            }
            columns.append(alias).append('.').append(column.trim());
        }
        return columns.toString();
    }

    private static User single(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? Rows.user(it.next()) : null;
    }
}
