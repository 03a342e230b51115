package io.parley.devstack;

import java.util.Map;

/**
 * The secure mode's PostgreSQL side (issue 18 points 3 and 4): each service's login and TLS settings, as Quarkus
 * properties. Open mode: none (the shared login of {@link DevstackConfig#pgUser()}).
 */
final class PostgresSecurity {

    private PostgresSecurity() {
    }

    /** The {@code quarkus.datasource.*} settings of one service, e.g. its own user name and the TLS mode. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        return Map.of();
    }
}
