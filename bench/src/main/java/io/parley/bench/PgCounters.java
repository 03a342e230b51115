package io.parley.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What PostgreSQL ran, read at the start and the end of a measured window over one connection to its
 * {@code postgres} database: {@code pg_stat_statements} calls per database and per statement (when the server loads
 * the module: the devstack's does, {@code shared_preload_libraries}) and {@code pg_stat_database}'s transactions
 * (xact_commit + xact_rollback) and rows written (tup_inserted + tup_updated + tup_deleted).
 */
final class PgCounters implements AutoCloseable {

    /** One statement of pg_stat_statements: its database, text (normalised, $1 for constants) and calls. */
    record Query(String database, String query, long calls) {
    }

    /** One reading. {@code statements} is empty when pg_stat_statements is not available. */
    record Snapshot(Map<String, Long> callsByDatabase, Map<String, Query> statements, long deallocations,
            Map<String, Long> transactionsByDatabase, Map<String, Long> rowsWrittenByDatabase) {
    }

    private final Connection connection;
    private final boolean statementsAvailable;
    private final String whyNoStatements;

    private PgCounters(Connection connection, boolean statementsAvailable, String whyNoStatements) {
        this.connection = connection;
        this.statementsAvailable = statementsAvailable;
        this.whyNoStatements = whyNoStatements;
    }

    /** Connects as PARLEY_PG_USER (default postgres) and enables pg_stat_statements in {@code postgres} if it can. */
    static PgCounters connect(int port) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                        + "/postgres?connectTimeout=10&socketTimeout=60&ApplicationName=parley-bench",
                System.getenv().getOrDefault("PARLEY_PG_USER", "postgres"),
                System.getenv().getOrDefault("PARLEY_PG_PASSWORD", "postgres"));
        connection.setAutoCommit(true);
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
            return new PgCounters(connection, true, null);
        } catch (SQLException e) {
            return new PgCounters(connection, false, "pg_stat_statements is not available (" + e.getMessage()
                    .lines().findFirst().orElse("") + "): the server must load it (shared_preload_libraries)");
        }
    }

    boolean statementsAvailable() {
        return statementsAvailable;
    }

    Optional<String> whyNoStatements() {
        return Optional.ofNullable(whyNoStatements);
    }

    Snapshot read() throws SQLException {
        Map<String, Long> calls = new TreeMap<>();
        Map<String, Query> statements = new HashMap<>();
        long deallocations = 0;
        Map<String, Long> transactions = new TreeMap<>();
        Map<String, Long> rows = new TreeMap<>();
        try (java.sql.Statement query = connection.createStatement()) {
            if (statementsAvailable) {
                try (ResultSet rs = query.executeQuery("SELECT d.datname, s.queryid, s.userid, s.toplevel, "
                        + "s.calls, s.query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid")) {
                    while (rs.next()) {
                        String database = rs.getString(1);
                        long count = rs.getLong(5);
                        calls.merge(database, count, Long::sum);
                        statements.merge(database + "/" + rs.getLong(2) + "/" + rs.getLong(3) + "/"
                                        + rs.getBoolean(4),
                                new Query(database, rs.getString(6), count),
                                (a, b) -> new Query(a.database(), a.query(), a.calls() + b.calls()));
                    }
                }
                try (ResultSet rs = query.executeQuery("SELECT dealloc FROM pg_stat_statements_info")) {
                    if (rs.next()) {
                        deallocations = rs.getLong(1);
                    }
                }
            }
            try (ResultSet rs = query.executeQuery("SELECT datname, xact_commit + xact_rollback, "
                    + "tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname IS NOT NULL")) {
                while (rs.next()) {
                    transactions.put(rs.getString(1), rs.getLong(2));
                    rows.put(rs.getString(1), rs.getLong(3));
                }
            }
        }
        return new Snapshot(calls, statements, deallocations, transactions, rows);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the server went away; nothing to release
        }
    }
}
