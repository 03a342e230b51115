package io.parley.auth.repository;

import io.parley.auth.domain.Credentials;
import io.parley.auth.domain.User;
import io.parley.kit.error.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.parley.auth.repository.Rows.USER_COLUMNS;

/**
 * SQL over the users table. Every method takes the client to run on, so services decide the transaction.
 * Hand-written SQL on the Vert.x pool, not Panache: a user change and its auth.users outbox row commit in one
 * transaction on one connection, and bans lock the row (FOR UPDATE); a Hibernate session would split that in two.
 */
@ApplicationScoped
public class UserRepository {

    private static final String UNIQUE_VIOLATION = "23505";

    /** @throws ConflictException (in the Uni) when the name is taken, whatever its case: the unique index decides */
    public Uni<User> insert(SqlClient client, UUID id, String username, String displayName, String passwordHash,
            List<String> roles) {
        return client.preparedQuery("INSERT INTO users (id, username, display_name, password_hash, roles) "
                        + "VALUES ($1, $2, $3, $4, $5) RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, username, displayName, passwordHash, roles.toArray(String[]::new)))
                .onFailure(UserRepository::isUniqueViolation)
                .transform(e -> new ConflictException("username is already taken"))
                .map(UserRepository::single);
    }

    /** Inserts unless the name exists in any case; null when it did (start-up admin, safe on every instance). */
    public Uni<User> insertIfAbsent(SqlClient client, UUID id, String username, String displayName,
            String passwordHash, List<String> roles) {
        return client.preparedQuery("INSERT INTO users (id, username, display_name, password_hash, roles) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT ((lower(username))) DO NOTHING RETURNING "
                        + USER_COLUMNS)
                .execute(Tuple.of(id, username, displayName, passwordHash, roles.toArray(String[]::new)))
                .map(UserRepository::single);
    }

    public Uni<User> findById(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = $1")
                .execute(Tuple.of(id)).map(UserRepository::single);
    }

    /** Locks the row until the transaction ends, so concurrent changes to one user apply one after the other. */
    public Uni<User> findByIdForUpdate(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id)).map(UserRepository::single);
    }

    public Uni<Credentials> findCredentialsByUsername(SqlClient client, String username) {
        return client.preparedQuery("SELECT " + USER_COLUMNS + ", password_hash FROM users "
                        + "WHERE lower(username) = lower($1)")
                .execute(Tuple.of(username)).map(UserRepository::credentials);
    }

    public Uni<Credentials> findCredentialsById(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT " + USER_COLUMNS + ", password_hash FROM users WHERE id = $1")
                .execute(Tuple.of(id)).map(UserRepository::credentials);
    }

    public Uni<User> updateDisplayName(SqlClient client, UUID id, String displayName) {
        return client.preparedQuery("UPDATE users SET display_name = $2, updated_at = now() WHERE id = $1 "
                        + "RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, displayName)).map(UserRepository::single);
    }

    /** Display name and roles as a provider's claims say (OpenID Connect sign-in); null when there is no such user. */
    public Uni<User> updateProfile(SqlClient client, UUID id, String displayName, List<String> roles) {
        return client.preparedQuery("UPDATE users SET display_name = $2, roles = $3, updated_at = now() WHERE id = $1 "
                        + "RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, displayName, roles.toArray(String[]::new))).map(UserRepository::single);
    }

    public Uni<User> updatePasswordHash(SqlClient client, UUID id, String passwordHash) {
        return client.preparedQuery("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1 "
                        + "RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, passwordHash)).map(UserRepository::single);
    }

    public Uni<User> updateBanned(SqlClient client, UUID id, boolean banned) {
        return client.preparedQuery("UPDATE users SET banned = $2, updated_at = now() WHERE id = $1 "
                        + "RETURNING " + USER_COLUMNS)
                .execute(Tuple.of(id, banned)).map(UserRepository::single);
    }

    /**
     * Users not banned whose username or display name starts with the prefix (any case), by username.
     * The prefix is matched literally: LIKE's wildcards in it are escaped.
     */
    public Uni<List<User>> searchByPrefix(SqlClient client, String prefix, int limit) {
        String pattern = escapeLike(prefix.toLowerCase(Locale.ROOT)) + "%";
        return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM users WHERE NOT banned "
                        + "AND (lower(username) LIKE $1 OR lower(display_name) LIKE $1) "
                        + "ORDER BY lower(username) LIMIT $2")
                .execute(Tuple.of(pattern, limit))
                .map(rows -> {
                    List<User> users = new ArrayList<>();
                    rows.forEach(row -> users.add(Rows.user(row)));
                    return users;
                });
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static User single(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        return it.hasNext() ? Rows.user(it.next()) : null;
    }

    private static Credentials credentials(RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row row = it.next();
        return new Credentials(Rows.user(row), row.getString("password_hash"));
    }
}
