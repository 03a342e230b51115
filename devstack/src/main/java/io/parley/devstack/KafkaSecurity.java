package io.parley.devstack;

import java.util.Map;

/**
 * The secure mode's Kafka side (issue 18 points 2 and 3): each service's client settings, as Quarkus properties.
 * Open mode: none (the broker is PLAINTEXT and has no authorizer).
 */
final class KafkaSecurity {

    private KafkaSecurity() {
    }

    /** The {@code kafka.*} settings of one service's clients, e.g. {@code kafka.security.protocol}. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        return Map.of();
    }
}
