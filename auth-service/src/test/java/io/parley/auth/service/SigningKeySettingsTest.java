package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.config.OidcConfig;
import io.parley.auth.domain.KeyEncryptionKey;
import io.parley.auth.domain.KeyRing;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the signing keys come from, checked before anything signs: the shipped configuration (prod profile) with the
 * environment an operator gives it. No database is touched: every case here stops, or passes, before that.
 */
class SigningKeySettingsTest {

    @TempDir
    static Path dir;
    private static KeyPair pair;
    private static KeyPair otherPair;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        pair = rsa.generateKeyPair();
        otherPair = rsa.generateKeyPair();
    }

    @Test
    void withNeitherAPemPairNorAnEncryptionKeyTheStartFailsNamingBoth() {
        SigningKeyStore store = new SigningKeyStore(null, null, config(Map.of()), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, store::load);
        assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_PRIVATE_LOCATION"), e.getMessage());
        assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_PUBLIC_LOCATION"), e.getMessage());
        assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"), e.getMessage());
    }

    @Test
    void aMalformedEncryptionKeyStopsTheStartNamingTheVariableNotTheValue() {
        for (String value : new String[] {"c2hvcnQ=", "%%%not-base64%%%",
                Base64.getEncoder().encodeToString(new byte[48])}) {
            AuthConfig config = config(Map.of("PARLEY_AUTH_KEYS_ENCRYPTION_KEY", value));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SigningKeyStore(null, null, config, null));
            assertTrue(e.getMessage().startsWith("PARLEY_AUTH_KEYS_ENCRYPTION_KEY"), e.getMessage());
            assertFalse(e.getMessage().contains(value), e.getMessage());
        }
    }

    @Test
    void aMalformedPreviousEncryptionKeyIsNamedAsSuch() {
        AuthConfig config = config(Map.of("PARLEY_AUTH_KEYS_ENCRYPTION_KEY", KeyEncryptionKey.generateBase64(),
                "PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY", "c2hvcnQ="));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SigningKeyStore(null, null, config, null));
        assertTrue(e.getMessage().startsWith("PARLEY_AUTH_KEYS_PREVIOUS_ENCRYPTION_KEY"), e.getMessage());
    }

    @Test
    void aMatchingPemPairSignsAndThePreviousKeyOnlyVerifies() throws IOException {
        KeyRing ring = PemKeys.load(config(pem(privatePem(pair), publicPem(pair), publicPem(otherPair))).keys());
        assertEquals(2, ring.published(Instant.now()).size());
        var signing = ring.signingKey(Instant.now()).orElseThrow();
        assertEquals(pair.getPublic(), signing.publicKey());
        assertNull(ring.published(Instant.now()).stream().filter(k -> k != signing).findFirst().orElseThrow()
                .privateKey(), "the previous key has no private half");
    }

    @Test
    void aPublicKeyOfAnotherPairIsRefused() throws IOException {
        assertRefused("does not belong to the public key", pem(privatePem(pair), publicPem(otherPair), null));
    }

    @Test
    void anRsaKeyUnder2048BitsIsRefused() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair small = rsa.generateKeyPair();
        assertRefused("PARLEY_AUTH_KEYS_PRIVATE_LOCATION): ", pem(privatePem(small), publicPem(small), null));
        assertRefused("1024-bit RSA key", pem(privatePem(small), publicPem(small), null));
        assertRefused("PARLEY_AUTH_KEYS_PREVIOUS_PUBLIC_LOCATION",
                pem(privatePem(pair), publicPem(pair), publicPem(small)));
    }

    @Test
    void filesThatAreNotPemKeysAreRefusedNamingTheSetting() throws Exception {
        String publicPem = publicPem(pair);
        assertRefused("PARLEY_AUTH_KEYS_PRIVATE_LOCATION): ",
                pem("this is not a key\n", publicPem, null));
        assertRefused("PARLEY_AUTH_KEYS_PRIVATE_LOCATION): ",
                pemWithBytes(pair.getPrivate().getEncoded(), publicPem));
        assertRefused("PARLEY_AUTH_KEYS_PRIVATE_LOCATION): ",
                pem("-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n", publicPem, null));
        assertRefused("PARLEY_AUTH_KEYS_PUBLIC_LOCATION): ", pem(privatePem(pair), privatePem(pair), null));
        assertRefused("openssl pkcs8 -topk8", pem(block("RSA PRIVATE KEY", new byte[64]), publicPem, null));
        assertRefused("encrypted PKCS#8", pem(block("ENCRYPTED PRIVATE KEY", new byte[64]), publicPem, null));
        assertRefused("is a certificate", pem(privatePem(pair), block("CERTIFICATE", new byte[64]), null));
        assertRefused("cannot read", Map.of("PARLEY_AUTH_KEYS_PRIVATE_LOCATION", "file:" + dir.resolve("absent.pem"),
                "PARLEY_AUTH_KEYS_PUBLIC_LOCATION", "file:" + write(publicPem)));
    }

    @Test
    void anEcKeyIsRefusedForRs256() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair pairEc = ec.generateKeyPair();
        assertRefused("not an RSA private key", pem(privatePem(pairEc), publicPem(pair), null));
        assertRefused("not an RSA public key", pem(privatePem(pair), publicPem(pairEc), null));
    }

    @Test
    void aPublicKeyWithoutItsPrivateKeyIsRefused() throws IOException {
        Map<String, String> env = Map.of("PARLEY_AUTH_KEYS_PUBLIC_LOCATION", "file:" + write(publicPem(pair)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SigningKeyStore(null, null, config(env), null).load());
        assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_PRIVATE_LOCATION) is not"), e.getMessage());
        Map<String, String> onlyPrivate = Map.of("PARLEY_AUTH_KEYS_PRIVATE_LOCATION", "file:" + write(privatePem(pair)));
        e = assertThrows(IllegalStateException.class,
                () -> new SigningKeyStore(null, null, config(onlyPrivate), null).load());
        assertTrue(e.getMessage().contains("PARLEY_AUTH_KEYS_PUBLIC_LOCATION) must be set"), e.getMessage());
    }

    private static void assertRefused(String expected, Map<String, String> env) {
        // as at start-up: SigningKeyStore.load() reads the PEM pair before it touches the database
        SigningKeyStore store = new SigningKeyStore(null, null, config(env), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, store::load);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private static Map<String, String> pem(String privatePem, String publicPem, String previousPem) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_AUTH_KEYS_PRIVATE_LOCATION", "file:" + write(privatePem));
        env.put("PARLEY_AUTH_KEYS_PUBLIC_LOCATION", "file:" + write(publicPem));
        if (previousPem != null) {
            env.put("PARLEY_AUTH_KEYS_PREVIOUS_PUBLIC_LOCATION", "file:" + write(previousPem));
        }
        return env;
    }

    private static Map<String, String> pemWithBytes(byte[] der, String publicPem) throws IOException {
        Path file = Files.createTempFile(dir, "key", ".der");
        Files.write(file, der);
        return Map.of("PARLEY_AUTH_KEYS_PRIVATE_LOCATION", "file:" + file,
                "PARLEY_AUTH_KEYS_PUBLIC_LOCATION", "file:" + write(publicPem));
    }

    private static Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(file, content);
        return file;
    }

    private static String privatePem(KeyPair keys) {
        return block("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static String publicPem(KeyPair keys) {
        return block("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** auth-service's shipped application.properties (no profile: production) under {@code env}. */
    static AuthConfig config(Map<String, String> env) {
        URL shipped = SigningKeySettingsTest.class.getClassLoader().getResource("application.properties");
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AuthConfig.class)
                    .withMapping(OidcConfig.class)
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(shipped, 100))
                    .withSources(new EnvConfigSource(env, 300) {
                    })
                    .build();
            return config.getConfigMapping(AuthConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
