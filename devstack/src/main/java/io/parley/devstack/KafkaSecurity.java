package io.parley.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secure mode's Kafka side (issue 18 points 2 and 3): each service's client settings, as Quarkus properties, and
 * the plain client properties of any login for tools and tests. Open mode: none (the broker is PLAINTEXT and has no
 * authorizer).
 */
public final class KafkaSecurity {

    private KafkaSecurity() {
    }

    /** The Kafka principal each service logs in as (docs/security.md). */
    public static String principal(ServiceProcess.Service service) {
        return switch (service.module()) {
            case "gateway" -> KafkaCredentials.GATEWAY;
            case "chat-service" -> KafkaCredentials.CHAT;
            case "auth-service" -> KafkaCredentials.AUTH;
            case "session-service" -> KafkaCredentials.SESSION;
            case "media-service" -> KafkaCredentials.MEDIA;
            default -> throw new IllegalArgumentException("no Kafka principal for " + service.module());
        };
    }

    /** The {@code kafka.*} settings of one service's clients, e.g. {@code kafka.security.protocol}. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        if (!config.secure()) {
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        // the bootstrap servers are the devstack's default wiring already
        clientProperties(config, principal(service)).forEach((name, value) -> {
            if (!name.equals("bootstrap.servers")) {
                properties.put("kafka." + name, value);
            }
        });
        return properties;
    }

    /**
     * The client properties (plain Kafka names, {@code security.protocol}, {@code sasl.jaas.config}, ...) of a client
     * of this devstack's broker logging in as {@code principal}, one of {@link KafkaCredentials#PRINCIPALS}; just the
     * bootstrap servers in open mode.
     */
    public static Map<String, String> clientProperties(DevstackConfig config, String principal) {
        if (!config.secure()) {
            return Map.of("bootstrap.servers", config.kafkaBootstrap());
        }
        return saslSsl(config, principal, KafkaCredentials.ensure(config).password(principal));
    }

    /** {@link #clientProperties} of the devstack's super user: topic creation, ACLs, reading any topic. */
    public static Map<String, String> adminProperties(DevstackConfig config) {
        return clientProperties(config, KafkaCredentials.ADMIN);
    }

    /**
     * A client of the broker over SASL_SSL with SCRAM-SHA-512 as any name and password (tests try wrong ones),
     * trusting the devstack's CA with the broker's host name verified (Kafka's default
     * {@code ssl.endpoint.identification.algorithm=https}).
     */
    public static Map<String, String> saslSsl(DevstackConfig config, String principal, String password) {
        DevstackTls tls = DevstackTls.ensure(config);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", config.kafkaBootstrap());
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", KafkaCredentials.MECHANISM);
        properties.put("sasl.jaas.config", KafkaCredentials.jaasConfig(principal, password));
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", tls.trustStore().toString());
        properties.put("ssl.truststore.password", tls.storePassword());
        return properties;
    }
}
