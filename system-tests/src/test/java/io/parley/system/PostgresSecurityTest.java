package io.parley.system;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.DevstackTls;
import io.parley.devstack.IsolatedDevstack;
import io.parley.devstack.PostgresAdmin;
import io.parley.devstack.PostgresCredentials;
import io.parley.devstack.PostgresSecureStack;
import io.parley.devstack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL of {@code PARLEY_SECURE=true} (issue 18 points 3 and 4), a server of its own (never the shared
 * devstack's): each service's role reaches its own database over verified TLS and nothing else; no connection without
 * TLS, with a wrong password or to a server the client's CA did not sign; the roles hold no power beyond their
 * databases; and all of it holds again after a restart.
 */
class PostgresSecurityTest {

    private static final Path ROOT = DevstackConfig.findRoot(Path.of(System.getProperty("parley.root", "")));

    private static Path home;
    private static PostgresSecureStack stack;

    @BeforeAll
    static void startSecurePostgres() throws IOException {
        // under target/, not a temporary directory: a server left by a killed run is stopped by the next one
        home = ROOT.resolve("system-tests/target/postgres-security");
        // a port below the ephemeral range, so that no client connection takes it first
        DevstackConfig open = IsolatedDevstack.configFor(ROOT, home);
        DevstackConfig config = new DevstackConfig(ROOT, open.home(), open.kafkaPort(), open.controllerPort(),
                open.pgPort(), Optional.empty(), Optional.empty(), "postgres", "postgres", true);
        stack = PostgresSecureStack.start(config);
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void eachServiceReachesItsOwnDatabaseAsItsOwnRoleOverTls() throws SQLException {
        for (ServiceProcess.Service service : ServiceProcess.SERVICES) {
            Map<String, String> wiring = stack.serviceProperties(service);
            if (service.database().isEmpty()) {
                assertEquals(Map.of(), wiring, service.module() + " has no database and gets no login");
                continue;
            }
            String database = service.database().get();
            String role = PostgresCredentials.role(database);
            assertEquals(role, wiring.get("quarkus.datasource.username"));
            assertEquals("verify-full", wiring.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
            assertEquals("true", wiring.get("quarkus.datasource.reactive.trust-certificate-pem"));
            assertEquals(stack.caCertificate().toString(),
                    wiring.get("quarkus.datasource.reactive.trust-certificate-pem.certs"));
            assertEquals("HTTPS", wiring.get("quarkus.datasource.reactive.hostname-verification-algorithm"));
            // the JDBC URL Flyway gets, exactly as the service gets it: TLS settings in the URL only
            try (Connection connection = DriverManager.getConnection(wiring.get("quarkus.datasource.jdbc.url"),
                    wiring.get("quarkus.datasource.username"), wiring.get("quarkus.datasource.password"));
                    Statement sql = connection.createStatement();
                    ResultSet session = sql.executeQuery("SELECT current_user, current_database(), s.ssl, s.version"
                            + " FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()")) {
                assertTrue(session.next());
                assertEquals(role, session.getString(1));
                assertEquals(database, session.getString(2));
                assertTrue(session.getBoolean(3), role + "'s session is not encrypted");
                assertTrue(session.getString(4).startsWith("TLSv1."), session.getString(4));
                // what Flyway does first: its schema history table in the public schema, owned by the role
                sql.execute("CREATE TABLE probe_" + database + " (id int)");
                sql.execute("DROP TABLE probe_" + database);
            }
        }
    }

    @Test
    void aServiceRoleCannotConnectToAnotherServicesDatabase() {
        for (String database : DevstackConfig.DATABASES) {
            String role = PostgresCredentials.role(database);
            List<String> others = new ArrayList<>(DevstackConfig.DATABASES);
            others.remove(database);
            others.add("postgres");
            for (String other : others) {
                SQLException refused = assertThrows(SQLException.class,
                        () -> connect(role, stack.password(role), other, verifyFull(stack.caCertificate())).close(),
                        role + " reached " + other);
                // FATAL: permission denied for database "<other>"
                assertEquals("42501", refused.getSQLState(), role + " -> " + other + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void aConnectionWithoutTlsIsRefusedByTheServer() {
        for (String user : List.of(PostgresCredentials.role("chat"), PostgresCredentials.SUPERUSER)) {
            Properties plain = new Properties();
            plain.setProperty("sslmode", "disable");
            SQLException refused = assertThrows(SQLException.class,
                    () -> connect(user, stack.password(user), user.equals("postgres") ? "postgres" : "chat", plain)
                            .close());
            // FATAL: pg_hba.conf rejects connection for host "127.0.0.1", user "...", database "...", no encryption
            assertEquals("28000", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("no encryption"), refused.getMessage());
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        String role = PostgresCredentials.role("media");
        SQLException refused = assertThrows(SQLException.class,
                () -> connect(role, stack.password(PostgresCredentials.role("chat")), "media",
                        verifyFull(stack.caCertificate())).close());
        // FATAL: password authentication failed for user "parley_media"
        assertEquals("28P01", refused.getSQLState(), refused.getMessage());
    }

    @Test
    void aServerCertificateTheClientsCaDidNotSignFailsVerification() {
        Path otherHome = home.resolve("other-ca");
        DevstackConfig other = new DevstackConfig(ROOT, otherHome, 0, 0, 0, Optional.empty(), Optional.empty(),
                "postgres", "postgres", true);
        Path otherCa = DevstackTls.ensure(other).caCertificate();
        String role = PostgresCredentials.role("chat");
        SQLException refused = assertThrows(SQLException.class,
                () -> connect(role, stack.password(role), "chat", verifyFull(otherCa)).close());
        assertEquals("08006", refused.getSQLState(), refused.getMessage());
        assertTrue(causes(refused).stream().anyMatch(SSLException.class::isInstance),
                "not a TLS verification failure: " + causes(refused));
    }

    @Test
    void theRolesAreNoSuperusersOwnOnlyTheirDatabaseAndCannotCreateDatabasesOrRoles() throws SQLException {
        try (Connection admin = PostgresAdmin.connect(stack.config(), "postgres");
                PreparedStatement attributes = admin.prepareStatement("SELECT rolsuper, rolcreatedb, rolcreaterole,"
                        + " rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ?");
                PreparedStatement owned = admin.prepareStatement("SELECT array_agg(datname::text ORDER BY datname)"
                        + " FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = ?")) {
            for (String database : DevstackConfig.DATABASES) {
                String role = PostgresCredentials.role(database);
                attributes.setString(1, role);
                try (ResultSet rs = attributes.executeQuery()) {
                    assertTrue(rs.next(), role + " is missing");
                    for (int column = 1; column <= 5; column++) {
                        assertFalse(rs.getBoolean(column), role + ": " + rs.getMetaData().getColumnName(column));
                    }
                    assertTrue(rs.getBoolean(6), role + " cannot log in");
                }
                owned.setString(1, role);
                try (ResultSet rs = owned.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(List.of(database), List.of((Object[]) rs.getArray(1).getArray()));
                }
            }
        }
        String role = PostgresCredentials.role("chat");
        try (Connection chat = connect(role, stack.password(role), "chat", verifyFull(stack.caCertificate()));
                Statement sql = chat.createStatement()) {
            for (String forbidden : List.of("CREATE DATABASE stolen", "CREATE ROLE intruder LOGIN",
                    "ALTER ROLE parley_chat SUPERUSER", "ALTER ROLE parley_media PASSWORD 'x'")) {
                SQLException refused = assertThrows(SQLException.class, () -> sql.execute(forbidden), forbidden);
                assertEquals("42501", refused.getSQLState(), forbidden + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void aRestartKeepsTheRolesTheirPasswordsAndTheRules() throws Exception {
        DevstackConfig config = stack.config();
        String role = PostgresCredentials.role("sessions");
        String password = stack.password(role);
        stack.close();
        stack = PostgresSecureStack.start(config);
        assertEquals(password, stack.password(role));
        try (Connection sessions = connect(role, password, "sessions", verifyFull(stack.caCertificate()))) {
            assertTrue(sessions.isValid(5));
        }
        SQLException refused = assertThrows(SQLException.class,
                () -> connect(role, password, "chat", verifyFull(stack.caCertificate())).close());
        assertEquals("42501", refused.getSQLState(), refused.getMessage());
    }

    private static Connection connect(String user, String password, String database, Properties tls)
            throws SQLException {
        Properties login = new Properties();
        login.putAll(tls);
        login.setProperty("user", user);
        login.setProperty("password", password);
        login.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(stack.config().jdbcUrl(database), login);
    }

    private static Properties verifyFull(Path ca) {
        Properties tls = new Properties();
        tls.setProperty("sslmode", "verify-full");
        tls.setProperty("sslrootcert", ca.toString());
        return tls;
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = error; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }
}
