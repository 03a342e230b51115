package io.parley.devstack;

import java.util.Map;

/**
 * The credential of the services' {@code /internal/*} routes (issue 18 point 5), in every mode: the settings one
 * service needs to present or check it, as Quarkus properties.
 */
final class InternalCredentials {

    private InternalCredentials() {
    }

    /** The {@code parley.internal.*} settings of one service. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        return Map.of();
    }
}
