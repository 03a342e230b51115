package io.parley.devstack;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secure mode's PostgreSQL side (issue 18 points 3 and 4): each service's login and TLS settings, as Quarkus
 * properties. Open mode: none (the shared login of {@link DevstackConfig#pgUser()}).
 */
final class PostgresSecurity {

    private PostgresSecurity() {
    }

    /**
     * The {@code quarkus.datasource.*} settings of one service in secure mode: its own role and password
     * ({@link PostgresCredentials}), and verify-full TLS against the devstack's CA for both the reactive pool and
     * Flyway's JDBC URL. Nothing for a service without a database, nor in open mode.
     */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        if (!config.secure() || service.database().isEmpty()) {
            return Map.of();
        }
        String database = service.database().get();
        String role = PostgresCredentials.role(database);
        String ca = DevstackTls.ensure(config).caCertificate().toString();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.username", role);
        properties.put("quarkus.datasource.password", new PostgresCredentials(config).password(role));
        properties.put("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
        properties.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
        properties.put("quarkus.datasource.reactive.trust-certificate-pem.certs", ca);
        // Quarkus's default is NONE, and the Vert.x client refuses verify-full without an algorithm
        properties.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        properties.put("quarkus.datasource.jdbc.url", config.jdbcUrl(database)
                + "?connectTimeout=10&sslmode=verify-full&sslrootcert=" + urlEncoded(ca));
        // Flyway's first login (a cold JVM's TLS handshake and SCRAM) took 2.9 s alone at load 18, and more than
        // Agroal's default 5 s while five services started at once (chat-service failed to start): a wrong CA or
        // password still fails at once, only a slow login waits
        properties.put("quarkus.datasource.jdbc.acquisition-timeout", "30S");
        return properties;
    }

    /**
     * Percent-encodes what a JDBC URL parameter cannot hold as it is (the driver decodes it: a CA under
     * {@code /tmp/a b&c/} arrives whole); a plain path stays readable.
     */
    private static String urlEncoded(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/._-~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
