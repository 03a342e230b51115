package io.parley.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded PostgreSQL in secure mode ({@code PARLEY_SECURE=true}, issue 18): TLS only, with the devstack's
 * server certificate ({@link DevstackTls}); SCRAM-SHA-256 passwords for everyone, the superuser included
 * ({@link PostgresCredentials}); and one role per service that owns its own database and may connect to nothing else.
 * Secure mode has a data directory of its own ({@code <PARLEY_HOME>/postgres-secure}), so an open-mode directory is
 * never half converted; everything below is applied again on every start.
 */
final class PostgresSecureMode {

    /**
     * Only TLS with a password: a connection without TLS, or over the Unix socket, matches a {@code reject} line.
     * Written over initdb's own file ({@code -A trust}) on every start, before the server starts.
     */
    static final String HBA = """
            # Parley devstack, secure mode: written by io.parley.devstack.PostgresSecureMode on every start
            # TYPE     DATABASE  USER  ADDRESS        METHOD
            local      all       all                  reject
            hostnossl  all       all   all            reject
            hostssl    all       all   127.0.0.1/32   scram-sha-256
            hostssl    all       all   ::1/128        scram-sha-256
            """;

    private PostgresSecureMode() {
    }

    /** TLS, SCRAM and the superuser's password on zonky's builder, for the data directory {@code dataDir}. */
    static void configure(EmbeddedPostgres.Builder builder, DevstackConfig config, Path dataDir) {
        DevstackTls tls = DevstackTls.ensure(config);
        PostgresCredentials credentials = new PostgresCredentials(config);
        boolean initialised = Files.isRegularFile(dataDir.resolve("PG_VERSION"));
        if (initialised && !credentials.exists(PostgresCredentials.SUPERUSER)) {
            throw new IllegalStateException(credentials.file(PostgresCredentials.SUPERUSER) + " is missing, but "
                    + dataDir + " was initialised with the password it held: delete " + dataDir
                    + " to start the secure PostgreSQL afresh");
        }
        String superuserPassword = credentials.ensure(PostgresCredentials.SUPERUSER);
        builder
                // initdb only (a new data directory): the superuser gets its password at once, never a trust window
                .setLocaleConfig("pwfile", credentials.file(PostgresCredentials.SUPERUSER).toString())
                .setServerConfig("ssl", "on")
                // relative to the data directory, where each start copies the current certificate and key
                .setServerConfig("ssl_cert_file", "server.crt")
                .setServerConfig("ssl_key_file", "server.key")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setDataDirectoryCustomizer(dir -> prepare(dir.toPath(), tls))
                // zonky's own readiness check logs in as the superuser: over TLS, with the CA and the password
                .setConnectConfig("sslmode", "verify-full")
                .setConnectConfig("sslrootcert", tls.caCertificate().toString())
                .setConnectConfig("password", superuserPassword);
    }

    /** The superuser's JDBC login to {@code database}: verify-full TLS against the devstack's CA, and its password. */
    static Connection superuser(DevstackConfig config, String database) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", PostgresCredentials.SUPERUSER);
        login.setProperty("password", new PostgresCredentials(config).password(PostgresCredentials.SUPERUSER));
        login.setProperty("sslmode", "verify-full");
        login.setProperty("sslrootcert", DevstackTls.ensure(config).caCertificate().toString());
        login.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(config.jdbcUrl(database), login);
    }

    /**
     * For each Parley database: its service's role (LOGIN with its password, nothing else: no superuser, no
     * CREATEDB, no CREATEROLE), the database owned by that role, and CONNECT for that role only. Idempotent.
     */
    static void ensureRolesAndDatabases(Connection superuser, PostgresCredentials credentials) throws SQLException {
        try (Statement sql = superuser.createStatement()) {
            for (String database : DevstackConfig.DATABASES) {
                String role = PostgresCredentials.role(database);
                // identifiers and DDL passwords cannot be bound as parameters: the names are our own constants and
                // the password is checked to be hex (PostgresCredentials.password)
                String attributes = " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                        + " INHERIT PASSWORD '" + credentials.ensure(role) + "'";
                sql.execute((exists(superuser, "pg_roles", "rolname", role) ? "ALTER ROLE " : "CREATE ROLE ")
                        + quote(role) + attributes);
                if (exists(superuser, "pg_database", "datname", database)) {
                    sql.execute("ALTER DATABASE " + quote(database) + " OWNER TO " + quote(role));
                } else {
                    sql.execute("CREATE DATABASE " + quote(database) + " OWNER " + quote(role));
                }
                sql.execute("REVOKE ALL ON DATABASE " + quote(database) + " FROM PUBLIC");
                sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + quote(database) + " TO " + quote(role));
            }
            // the maintenance database is the superuser's alone: a service role has nothing to do there
            sql.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
        }
    }

    /** Our HBA rules over initdb's, and the current server certificate and key (owner-only, as PostgreSQL demands). */
    private static void prepare(Path dataDir, DevstackTls tls) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), HBA);
            Files.copy(tls.serverCertificate(), dataDir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
            Path key = dataDir.resolve("server.key");
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(key, Files.readAllBytes(tls.serverKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dataDir + " for TLS: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String catalog, String column, String name)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM " + catalog + " WHERE " + column + " = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }
}
