package io.parley.kit.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceCredentialKeysTest {

    record Settings(Optional<String> privateKeyLocation, Optional<String> publicKeyLocation, boolean serves,
            boolean calls) implements InternalSettings {

        @Override
        public Duration tokenLifetime() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Duration clockSkew() {
            return Duration.ofSeconds(5);
        }
    }

    @TempDir
    Path dir;

    @Test
    void aCalleeInProductionWithoutItsKeyDoesNotStart() {
        var e = assertThrows(IllegalStateException.class, () -> new ServiceCredentialKeys(
                new Settings(Optional.empty(), Optional.empty(), true, false), true));
        assertTrue(e.getMessage().startsWith("PARLEY_INTERNAL_PUBLIC_KEY_LOCATION is not set"), e.getMessage());
    }

    @Test
    void aCallerInProductionWithoutItsKeyDoesNotStart() {
        var e = assertThrows(IllegalStateException.class, () -> new ServiceCredentialKeys(
                new Settings(Optional.empty(), Optional.empty(), false, true), true));
        assertTrue(e.getMessage().startsWith("PARLEY_INTERNAL_PRIVATE_KEY_LOCATION is not set"), e.getMessage());
    }

    @Test
    void outsideProductionAMissingKeyLeavesTheRoutesClosed() {
        var keys = new ServiceCredentialKeys(new Settings(Optional.empty(), Optional.empty(), true, true), false);
        assertEquals(Optional.empty(), keys.publicKey());
        assertEquals(Optional.empty(), keys.privateKey());
    }

    @Test
    void aServiceThatNeitherServesNorCallsNeedsNoKey() {
        new ServiceCredentialKeys(new Settings(Optional.empty(), Optional.empty(), false, false), true);
    }

    @Test
    void thePemPairIsRead() throws Exception {
        KeyPair pair = ServiceTokenVerifierTest.ec();
        Path privatePem = write("private.pem", "PRIVATE KEY", pair.getPrivate().getEncoded());
        Path publicPem = write("public.pem", "PUBLIC KEY", pair.getPublic().getEncoded());
        var keys = new ServiceCredentialKeys(new Settings(Optional.of(privatePem.toString()),
                Optional.of("file:" + publicPem), true, true), true);
        assertEquals(pair.getPublic(), keys.publicKey().orElseThrow());
        assertEquals(pair.getPrivate(), keys.privateKey().orElseThrow());
    }

    @Test
    void anUnreadableOrWrongKeyStopsEveryModeNamingTheVariable() throws Exception {
        var missing = assertThrows(IllegalStateException.class, () -> new ServiceCredentialKeys(new Settings(
                Optional.empty(), Optional.of(dir.resolve("nope.pem").toString()), false, false), false));
        assertTrue(missing.getMessage().startsWith("PARLEY_INTERNAL_PUBLIC_KEY_LOCATION (" + dir.resolve("nope.pem")),
                missing.getMessage());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaKey = write("rsa.pem", "PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
        var wrong = assertThrows(IllegalStateException.class, () -> new ServiceCredentialKeys(new Settings(
                Optional.of(rsaKey.toString()), Optional.empty(), false, false), false));
        assertTrue(wrong.getMessage().startsWith("PARLEY_INTERNAL_PRIVATE_KEY_LOCATION (" + rsaKey), wrong.getMessage());
    }

    private Path write(String name, String type, byte[] der) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
    }
}
