package io.parley.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A secure-mode PostgreSQL of its own for a test, run in the caller's JVM: what {@code PARLEY_SECURE=true ./parley up}
 * starts (TLS only, a role per service), under the caller's PARLEY_HOME and port. Without Kafka or services.
 */
public final class PostgresSecureStack implements AutoCloseable {

    private final DevstackConfig config;
    private final Postgres postgres;

    private PostgresSecureStack(DevstackConfig config, Postgres postgres) {
        this.config = config;
        this.postgres = postgres;
    }

    /** Starts the secure PostgreSQL of {@code config} (which must be secure and embedded) and its roles. */
    public static PostgresSecureStack start(DevstackConfig config) throws IOException {
        if (!config.secure() || config.externalPg().isPresent()) {
            throw new IllegalArgumentException("a secure stack runs its own PostgreSQL in secure mode");
        }
        Postgres postgres = new Postgres(config);
        try {
            postgres.start();
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new PostgresSecureStack(config, postgres);
    }

    public DevstackConfig config() {
        return config;
    }

    /** The CA that signed the server's certificate (PEM), for {@code sslrootcert}. */
    public Path caCertificate() {
        return DevstackTls.ensure(config).caCertificate();
    }

    /** The password of a role ({@link PostgresCredentials#role(String)}) or of {@link PostgresCredentials#SUPERUSER}. */
    public String password(String user) {
        return new PostgresCredentials(config).password(user);
    }

    /** What {@link ServiceProcess} gives {@code service} in this mode (Quarkus property names). */
    public Map<String, String> serviceProperties(ServiceProcess.Service service) {
        return PostgresSecurity.serviceProperties(config, service);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
