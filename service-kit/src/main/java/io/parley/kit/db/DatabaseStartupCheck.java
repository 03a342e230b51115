package io.parley.kit.db;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.DatabaseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A {@code SELECT 1} through the service's reactive pool at start, before any message flows. Flyway checks only the
 * JDBC URL; a reactive URL, login or TLS setting that differs would otherwise show only at the first query, and then
 * as a stack trace at every retry of every consumer (the pool reconnects for each request). Here it ends the start
 * with one line naming the cause, like the Kafka check of {@code KafkaTopicsSetup}.
 * <p>
 * A bean only in services with a database ({@code quarkus.datasource.db-kind=postgresql}, fixed at build time); the
 * gateway has none, and no SQL client on its class path.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.datasource.db-kind", stringValue = "postgresql")
public class DatabaseStartupCheck {

    /** Longer than the pool's own connect attempt, so its error, not this bound, is what a refusal reports. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;

    public DatabaseStartupCheck(Pool pool) {
        this.pool = pool;
    }

    void onStart(@Observes @Priority(0) StartupEvent event) {
        verify(pool, where(ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.reactive.url", String.class)
                .orElse("(no quarkus.datasource.reactive.url)")), TIMEOUT);
    }

    /** Runs {@code SELECT 1} (blocking: the start-up thread, never an event loop); a failure is one clear line. */
    public static void verify(Pool pool, String where, Duration timeout) {
        try {
            pool.query("SELECT 1").execute().await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException(explain(e, where, timeout));
        }
    }

    /** What went wrong, for an operator: the cause and the settings to check; never a password, never a trace. */
    public static String explain(Throwable failure, String where, Duration timeout) {
        String prefix = "PostgreSQL at " + where + " ";
        DatabaseException refused = find(failure, DatabaseException.class);
        if (refused != null) {
            String state = refused.getSqlState() == null ? "" : refused.getSqlState();
            String detail = " (SQLSTATE " + state + ": " + firstLine(refused.getMessage()) + ")";
            if (state.equals("28P01")) {
                return prefix + "refused this service's login" + detail
                        + ": check QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD";
            }
            if (state.equals("28000")) {
                return prefix + "refused this connection" + detail + ": check the role, the database and whether "
                        + "the server requires TLS (sslmode in QUARKUS_DATASOURCE_REACTIVE_URL, or "
                        + "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE)";
            }
            if (state.equals("3D000")) {
                return prefix + "has no such database" + detail + ": check the database in QUARKUS_DATASOURCE_REACTIVE_URL";
            }
            return prefix + "refused the first query" + detail;
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return prefix + "failed the TLS handshake (" + name(tls) + "): is the server's certificate signed by a CA "
                    + "in QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS, and its host name the one in the URL?";
        }
        if (find(failure, UnknownHostException.class) != null || find(failure, ConnectException.class) != null) {
            Throwable cause = find(failure, UnknownHostException.class) != null
                    ? find(failure, UnknownHostException.class) : find(failure, ConnectException.class);
            return prefix + "is not reachable (" + name(cause) + "): check the host and port in "
                    + "QUARKUS_DATASOURCE_REACTIVE_URL";
        }
        if (find(failure, io.smallrye.mutiny.TimeoutException.class) != null) {
            return prefix + "gave no answer within " + timeout.toSeconds() + " s: check the host and port in "
                    + "QUARKUS_DATASOURCE_REACTIVE_URL and that nothing drops the connection";
        }
        return prefix + "could not run SELECT 1 (" + name(failure) + ")";
    }

    /** The reactive URL without its user, password and parameters (a URL may carry them), one per host. */
    static String where(String url) {
        return Arrays.stream(url.split(",")).map(String::trim).map(one -> {
            String rest = one.replaceFirst("^vertx-reactive:", "");
            int scheme = rest.indexOf("://");
            String body = scheme < 0 ? rest : rest.substring(scheme + 3);
            int at = body.lastIndexOf('@');
            if (at >= 0) {
                body = body.substring(at + 1);
            }
            int query = body.indexOf('?');
            return query < 0 ? body : body.substring(0, query);
        }).collect(Collectors.joining(", "));
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String name(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
