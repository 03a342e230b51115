package io.parley.auth;

import io.parley.devstack.DevstackConfig;
import io.parley.devstack.ServiceProcess;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Module tests sign with keys sealed by the devstack's key-encryption key, the one {@code ./parley up} and the system
 * tests give auth-service ({@link ServiceProcess#wiring}: {@code <PARLEY_HOME>/auth/encryption-key}): all of them
 * share the devstack's auth database, and keys sealed with one key do not open with another. A
 * {@code PARLEY_AUTH_KEYS_ENCRYPTION_KEY} in the environment wins (the wiring leaves it alone, and the environment's
 * ordinal is higher).
 */
public class DevstackEncryptionKeySource implements ConfigSource {

    static final String PROPERTY = "parley.auth.keys.encryption-key";

    private final Map<String, String> properties;

    public DevstackEncryptionKeySource() {
        // read in open mode: this runs before DevstackResource has started anything, and the key is the same in both
        DevstackConfig devstack = devstack();
        DevstackConfig open = new DevstackConfig(devstack.root(), devstack.home(), devstack.kafkaPort(),
                devstack.controllerPort(), devstack.pgPort(), devstack.externalKafka(), devstack.externalPg(),
                devstack.pgUser(), devstack.pgPassword(), false);
        String key = ServiceProcess.wiring(open, authService()).get(PROPERTY);
        properties = key == null ? Map.of() : Map.of(PROPERTY, key);
    }

    /** The devstack the module tests use (DevstackResource's). */
    public static DevstackConfig devstack() {
        return DevstackConfig.fromEnvironment(DevstackConfig.findRoot(Path.of("")));
    }

    public static ServiceProcess.Service authService() {
        return ServiceProcess.SERVICES.stream().filter(s -> s.module().equals("auth-service")).findFirst()
                .orElseThrow();
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "devstack key-encryption key";
    }

    /** Above application.properties (250), below the environment (300). */
    @Override
    public int getOrdinal() {
        return 275;
    }
}
