package io.parley.kit.kafka;

import io.parley.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics a service uses when they are missing; idempotent, safe to run on every start. */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /**
     * The start-up error for a broker that answered but refused: a failed login, an untrusted certificate and a
     * missing ACL each named with the setting to look at, so a misconfigured service stops with one clear line
     * instead of retrying forever.
     */
    static IllegalStateException refused(Object bootstrapServers, Throwable cause) {
        return refused(bootstrapServers, cause, null);
    }

    /** @param doing what was refused, e.g. creating a topic named; null if nothing more is known */
    static IllegalStateException refused(Object bootstrapServers, Throwable cause, String doing) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return new IllegalStateException("Kafka at " + bootstrapServers + ": the TLS handshake failed ("
                        + t.getMessage() + "): is the broker's certificate signed by a CA in KAFKA_SSL_TRUSTSTORE_"
                        + "LOCATION, and is its host name the one in KAFKA_BOOTSTRAP_SERVERS?", cause);
            }
            if (t instanceof SaslAuthenticationException) {
                return new IllegalStateException("Kafka at " + bootstrapServers + " refused this service's login ("
                        + t.getMessage() + "): check the user name and password in KAFKA_SASL_JAAS_CONFIG and "
                        + "KAFKA_SASL_MECHANISM", cause);
            }
            if (t instanceof AuthenticationException) {
                return new IllegalStateException("Kafka at " + bootstrapServers + " refused this service's "
                        + "authentication (" + t.getMessage() + "): check KAFKA_SECURITY_PROTOCOL and the SASL/TLS "
                        + "settings", cause);
            }
            if (t instanceof AuthorizationException) {
                return new IllegalStateException("Kafka at " + bootstrapServers + " did not authorize this service "
                        + (doing == null ? "" : doing + " ") + "(" + t.getClass().getSimpleName() + ": "
                        + t.getMessage() + "): an ACL of its principal is "
                        + "missing (the table is in docs/security.md; deploy/kafka/acls.sh grants it)", cause);
            }
        }
        return new IllegalStateException("Kafka at " + bootstrapServers + " refused topic creation: "
                + cause.getMessage(), cause);
    }

    /**
     * @param clientConfig the service's shared Kafka client settings ({@link KafkaClients#properties})
     * @throws IllegalStateException naming the bootstrap servers when Kafka cannot be reached in time
     */
    public static void ensure(Properties clientConfig, short replication, Duration timeout,
            Collection<Topics.TopicSpec> topics) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        Object bootstrapServers = props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), replication).configs(t.config()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            for (Map.Entry<String, ?> created : admin.createTopics(missing).values().entrySet()) {
                try {
                    ((org.apache.kafka.common.KafkaFuture<?>) created.getValue()).get(timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
                    LOG.infof("Created Kafka topic %s", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        // the broker's refusal does not say which topic: this one was missing here
                        throw refused(bootstrapServers, e.getCause(), "creating the missing topic " + created.getKey());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka is not reachable at " + bootstrapServers
                    + " (no answer within " + timeout.toSeconds() + " s): start the broker or set KAFKA_BOOTSTRAP_SERVERS", e);
        } catch (ExecutionException e) {
            throw refused(bootstrapServers, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning Kafka topics", e);
        }
    }
}
