package io.parley.auth.domain;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When a key signs, and how long it stays published: the rules rotation relies on. */
class KeyRingTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofMinutes(15).plusSeconds(30);
    private static KeyPair pair;

    @BeforeAll
    static void keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
    }

    private static SigningKey key(String kid, Instant activatesAt) {
        return new SigningKey(kid, (RSAPublicKey) pair.getPublic(), pair.getPrivate(), activatesAt);
    }

    private final KeyRing ring = new KeyRing(List.of(key("new", T0.plusSeconds(3600)), key("old", T0),
            key("coming", T0.plusSeconds(7200))), RETENTION);

    @Test
    void theNewestActiveKeySigns() {
        assertEquals("old", ring.signingKey(T0.plusSeconds(3599)).orElseThrow().kid());
        assertEquals("new", ring.signingKey(T0.plusSeconds(3600)).orElseThrow().kid());
        assertEquals("coming", ring.signingKey(T0.plusSeconds(7200)).orElseThrow().kid());
    }

    @Test
    void aComingKeyIsPublishedBeforeItSigns() {
        assertEquals(List.of("old", "new", "coming"), kids(ring.published(T0.plusSeconds(60))));
    }

    @Test
    void aRetiredKeyStaysPublishedUntilItsLastTokenHasExpired() {
        Instant retired = T0.plusSeconds(3600);
        assertEquals(List.of("old", "new", "coming"), kids(ring.published(retired.plus(RETENTION).minusSeconds(1))));
        assertEquals(List.of("new", "coming"), kids(ring.published(retired.plus(RETENTION))));
        assertEquals(List.of("old"), kids(ring.expired(retired.plus(RETENTION))));
        assertEquals("old", ring.find("old", retired.plusSeconds(60)).orElseThrow().kid());
        assertEquals(true, ring.find("old", retired.plus(RETENTION)).isEmpty());
    }

    @Test
    void withoutRetentionEveryKeyStaysPublished() {
        KeyRing pem = new KeyRing(List.of(key("current", T0), key("previous", T0.minusSeconds(1))), null);
        assertEquals("current", pem.signingKey(T0.plusSeconds(1_000_000)).orElseThrow().kid());
        assertEquals(List.of("previous", "current"), kids(pem.published(T0.plusSeconds(1_000_000))));
    }

    private static List<String> kids(List<SigningKey> keys) {
        return keys.stream().map(SigningKey::kid).toList();
    }
}
