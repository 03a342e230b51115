package io.parley.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The devstack's administrator login to one of its databases, for tests and tools that look inside, in either mode:
 * open mode's shared login ({@code PARLEY_PG_USER}/{@code PARLEY_PG_PASSWORD}), or secure mode's superuser over
 * verify-full TLS with its generated password.
 */
public final class PostgresAdmin {

    private PostgresAdmin() {
    }

    public static Connection connect(DevstackConfig config, String database) throws SQLException {
        if (config.secure()) {
            return PostgresSecureMode.superuser(config, database);
        }
        return DriverManager.getConnection(config.jdbcUrl(database), config.pgUser(), config.pgPassword());
    }
}
