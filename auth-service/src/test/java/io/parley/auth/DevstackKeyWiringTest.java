package io.parley.auth;

import io.parley.auth.domain.KeyEncryptionKey;
import io.parley.devstack.DevstackConfig;
import io.parley.devstack.ServiceProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the devstack gives the services it starts (./parley up, system tests, bench), as far as auth-service's
 * key-encryption key goes (devstack's {@code SigningKeyEncryption}): auth-service, and only it, gets a key that
 * auth-service accepts, generated once into an owner-only file under PARLEY_HOME and the same at every start.
 */
class DevstackKeyWiringTest {

    private static final String KEY = "parley.auth.keys.encryption-key";

    @TempDir
    Path home;

    @BeforeEach
    void noKeyOfTheCallers() {
        // a launcher started with a key of its own passes that one on instead (the service inherits it)
        Assumptions.assumeTrue(System.getenv("PARLEY_AUTH_KEYS_ENCRYPTION_KEY") == null);
    }

    private DevstackConfig config() {
        return new DevstackConfig(home, home, 1, 2, 3, Optional.empty(), Optional.empty(), "postgres", "postgres",
                false);
    }

    private static ServiceProcess.Service service(String module) {
        return ServiceProcess.SERVICES.stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow();
    }

    @Test
    void authServiceGetsAKeyItAcceptsKeptOwnerOnlyAndTheSameAtEveryStart() throws Exception {
        String key = ServiceProcess.wiring(config(), service("auth-service")).get(KEY);
        assertNotNull(key, "auth-service's wiring has " + KEY);
        assertNotNull(KeyEncryptionKey.parse(key), "auth-service takes it");

        Path file = home.resolve("auth/encryption-key");
        assertEquals(key, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(key, ServiceProcess.wiring(config(), service("auth-service")).get(KEY), "kept across starts");
    }

    @Test
    void noOtherServiceGetsIt() {
        for (ServiceProcess.Service service : ServiceProcess.SERVICES) {
            if (!service.module().equals("auth-service")) {
                assertFalse(ServiceProcess.wiring(config(), service).containsKey(KEY), service.module());
            }
        }
        assertTrue(Files.notExists(home.resolve("auth")));
    }

    @Test
    void aDamagedKeyFileIsNamedNotReplaced() throws Exception {
        Path file = home.resolve("auth/encryption-key");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "c2hvcnQ=\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServiceProcess.wiring(config(), service("auth-service")));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals("c2hvcnQ=\n", Files.readString(file), "left as it was");
    }
}
