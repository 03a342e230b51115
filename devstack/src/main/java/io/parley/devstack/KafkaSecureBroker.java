package io.parley.devstack;

import java.io.IOException;
import java.time.Duration;

/**
 * The secure mode's Kafka broker alone (no PostgreSQL), for a test that asserts what the broker refuses: SASL_SSL with
 * the SCRAM logins of {@link KafkaCredentials}, the ACL table of {@link KafkaAcls} applied. A child JVM of the caller,
 * under the config's own PARLEY_HOME and ports; it ends with the caller's JVM at the latest.
 */
public final class KafkaSecureBroker implements AutoCloseable {

    private final DevstackConfig config;
    private final KafkaBroker broker;

    private KafkaSecureBroker(DevstackConfig config, KafkaBroker broker) {
        this.config = config;
        this.broker = broker;
    }

    /** Starts the broker of a secure {@code config} and waits until it answers its admin with the ACLs set. */
    public static KafkaSecureBroker start(DevstackConfig config) throws IOException, InterruptedException {
        if (!config.secure() || config.externalKafka().isPresent()) {
            throw new IllegalArgumentException("a secure config of the embedded broker is needed");
        }
        KafkaBroker broker = new KafkaBroker(config, DevstackProcess.devstackClasspath(config));
        try {
            broker.start(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return new KafkaSecureBroker(config, broker);
    }

    public DevstackConfig config() {
        return config;
    }

    @Override
    public void close() {
        broker.close();
    }
}
