package io.parley.devstack;

import java.util.Map;

/**
 * The key that encrypts the JWT signing keys auth-service generates and stores in its database (issue 18 point 6),
 * in every mode: auth-service's settings, as Quarkus properties. Other services get none.
 */
final class SigningKeyEncryption {

    private SigningKeyEncryption() {
    }

    /** The {@code parley.auth.keys.*} settings of auth-service. */
    static Map<String, String> serviceProperties(DevstackConfig config, ServiceProcess.Service service) {
        return Map.of();
    }
}
