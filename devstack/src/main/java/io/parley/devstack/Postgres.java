package io.parley.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The embedded PostgreSQL 17 server (durable: fsync and synchronous_commit on) and the four service databases. In
 * secure mode ({@code PARLEY_SECURE=true}) it runs from {@code <PARLEY_HOME>/postgres-secure} with TLS only and one
 * role per service ({@link PostgresSecureMode}); open mode uses {@code <PARLEY_HOME>/postgres} and one shared login.
 */
final class Postgres implements AutoCloseable {

    private final DevstackConfig config;
    private final Path dataDir;
    private EmbeddedPostgres server;

    Postgres(DevstackConfig config) {
        this.config = config;
        this.dataDir = config.home().resolve(config.secure() ? "postgres-secure" : "postgres");
    }

    void start() throws IOException {
        if (config.secure() && config.externalPg().isPresent()) {
            throw new IllegalStateException("PARLEY_SECURE=true runs its own PostgreSQL with TLS and a role per "
                    + "service; for an external server unset PARLEY_PG_URL here and give each service its "
                    + "QUARKUS_DATASOURCE_* settings (docs/operations.md, \"PostgreSQL over TLS and per-service roles\")");
        }
        if (config.externalPg().isEmpty()) {
            Files.createDirectories(dataDir);
            Files.createDirectories(config.logs());
            // a server orphaned by a killed launcher still holds the data directory: stop it first
            Processes.stopOrphan(dataDir.resolve("postmaster.pid"), "postgres");
            // and one of the other mode, which would hold the same port
            Processes.stopOrphan(config.home().resolve(config.secure() ? "postgres" : "postgres-secure")
                    .resolve("postmaster.pid"), "postgres");
            Ports.awaitFree(config.pgPort(), Duration.ofSeconds(15));
            Ports.requireFree(config.pgPort(), "PARLEY_PG_PORT", "PostgreSQL");
            Path log = config.logs().resolve("postgres.log");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(config.pgPort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky starts with both off; Parley's durable ack needs them on
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    // what the bench reads per message (pgStatementsPerMessage, docs/benchmarks.md)
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (config.secure()) {
                PostgresSecureMode.configure(builder, config, dataDir);
            }
            server = builder.start();
        }
        if (config.secure()) {
            ensureRolesAndDatabases();
        } else {
            ensureDatabases();
        }
    }

    private void ensureRolesAndDatabases() {
        try (Connection connection = PostgresSecureMode.superuser(config, "postgres")) {
            PostgresSecureMode.ensureRolesAndDatabases(connection, new PostgresCredentials(config));
        } catch (SQLException e) {
            throw new IllegalStateException("the secure PostgreSQL at " + config.pgHostPort() + " is not usable: "
                    + e.getMessage(), e);
        }
    }

    private void ensureDatabases() {
        String url = "jdbc:postgresql://" + config.pgHostPort() + "/postgres?connectTimeout=10";
        try (Connection connection = DriverManager.getConnection(url, config.pgUser(), config.pgPassword())) {
            for (String database : DevstackConfig.DATABASES) {
                try (PreparedStatement exists = connection.prepareStatement(
                        "SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    // identifiers cannot be bound as parameters; the names are our own constants
                    create.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + config.pgHostPort() + " is not usable: " + e.getMessage()
                    + " (set PARLEY_PG_URL, PARLEY_PG_USER and PARLEY_PG_PASSWORD for an external server)", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
