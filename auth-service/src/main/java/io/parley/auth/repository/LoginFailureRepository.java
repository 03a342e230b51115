package io.parley.auth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** Failed login attempts, one row each, counted over a sliding window. */
@ApplicationScoped
public class LoginFailureRepository {

    /**
     * Counts of earlier failures (rows before {@code id}) within the window, and the moments when the username and
     * the IP counts would fall back under their limits.
     */
    public record WindowCounts(long byUsername, long byIp, Instant usernameFreesAt, Instant ipFreesAt) {
    }

    /** Records an attempt before its password is checked; it counts as a failure unless {@link #delete} removes it. */
    public Uni<Long> insert(SqlClient client, String usernameKey, String clientIp) {
        return client.preparedQuery("INSERT INTO login_failures (username_key, client_ip) VALUES ($1, $2) RETURNING id")
                .execute(Tuple.of(usernameKey, clientIp))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * The failures recorded before attempt {@code id} within the window. The "frees at" moments are when the
     * oldest failure that keeps a count at its limit leaves the window.
     */
    public Uni<WindowCounts> countBefore(SqlClient client, long id, String usernameKey, String clientIp,
            Duration window, int usernameLimit, int ipLimit) {
        String sql = """
                WITH w AS (SELECT id, username_key, client_ip, failed_at FROM login_failures
                           WHERE failed_at > now() - make_interval(secs => $4) AND id < $1
                             AND (username_key = $2 OR client_ip = $3))
                SELECT (SELECT count(*) FROM w WHERE username_key = $2) AS by_username,
                       (SELECT count(*) FROM w WHERE client_ip = $3) AS by_ip,
                       (SELECT failed_at FROM w WHERE username_key = $2 ORDER BY failed_at DESC
                            OFFSET $5 - 1 LIMIT 1) + make_interval(secs => $4) AS username_frees_at,
                       (SELECT failed_at FROM w WHERE client_ip = $3 ORDER BY failed_at DESC
                            OFFSET $6 - 1 LIMIT 1) + make_interval(secs => $4) AS ip_frees_at
                """;
        return client.preparedQuery(sql)
                .execute(Tuple.of(id, usernameKey, clientIp, window.toMillis() / 1000.0, usernameLimit, ipLimit))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new WindowCounts(row.getLong("by_username"), row.getLong("by_ip"),
                            Rows.instant(row, "username_frees_at"), Rows.instant(row, "ip_frees_at"));
                });
    }

    public Uni<Void> delete(SqlClient client, long id) {
        return client.preparedQuery("DELETE FROM login_failures WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** A successful login clears the username's failures. */
    public Uni<Void> deleteForUsername(SqlClient client, String usernameKey) {
        return client.preparedQuery("DELETE FROM login_failures WHERE username_key = $1")
                .execute(Tuple.of(usernameKey)).replaceWithVoid();
    }

    public Uni<Integer> deleteOlderThan(SqlClient client, Duration window) {
        return client.preparedQuery("DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(window.toMillis() / 1000.0)).map(rows -> rows.rowCount());
    }
}
