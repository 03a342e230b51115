package io.parley.session.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.session.config.CallsConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TURN REST API credentials and the start-up checks of {@link IceServers}. */
class IceServersTest {

    private static final UUID USER = UUID.fromString("11111111-2222-3333-4444-555555555555");
    /** 1700000000 + 1 h: the expiry in the username. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    /**
     * Computed independently, once:
     * {@code echo -n "1700003600:11111111-2222-3333-4444-555555555555" | openssl dgst -sha1 -hmac parley-turn-secret
     * -binary | base64}.
     */
    private static final String OPENSSL_CREDENTIAL = "iv6HcZN72CrFnZmPSHCkddBIplc=";

    @Test
    void turnCredentialsAreTheTurnRestApisHmacSha1OfExpiryAndUser() {
        IceServers ice = new IceServers(config(List.of("stun:stun.example:3478"),
                List.of("turn:turn.example:3478?transport=udp", "turns:turn.example:5349?transport=tcp"),
                "parley-turn-secret", Duration.ofHours(1)), CLOCK);
        JsonNode servers = ice.forUser(USER);
        assertEquals(2, servers.size(), servers.toString());
        assertEquals("stun:stun.example:3478", servers.get(0).path("urls").get(0).asText());
        assertFalse(servers.get(0).has("username"));
        JsonNode turn = servers.get(1);
        assertEquals(2, turn.path("urls").size());
        assertEquals("turns:turn.example:5349?transport=tcp", turn.path("urls").get(1).asText());
        assertEquals("1700003600:" + USER, turn.path("username").asText());
        assertEquals(OPENSSL_CREDENTIAL, turn.path("credential").asText());
        assertEquals(3600, ice.ttlSeconds());
    }

    @Test
    void nothingConfiguredIsAnEmptyList() {
        IceServers ice = new IceServers(config(List.of(), List.of(), null, Duration.ofHours(1)), CLOCK);
        assertTrue(ice.forUser(USER).isEmpty());
    }

    @Test
    void turnWithoutASecretStopsTheStartNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new IceServers(
                config(List.of(), List.of("turn:turn.example:3478"), " ", Duration.ofHours(1)), CLOCK));
        assertTrue(e.getMessage().contains("PARLEY_CALLS_TURN_SECRET"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new IceServers(
                config(List.of(), List.of("turn:turn.example:3478"), "s", Duration.ofSeconds(5)), CLOCK));
    }

    private static CallsConfig config(List<String> stun, List<String> turn, String secret, Duration ttl) {
        return new Settings(stun, turn, secret, ttl);
    }

    /** The settings as given (a named class: CDI rejects anonymous ones implementing a config mapping). */
    private record Settings(List<String> stun, List<String> turn, String secret, Duration ttl) implements CallsConfig {
        @Override
        public Optional<List<String>> stunUrls() {
            return Optional.of(stun);
        }

        @Override
        public Optional<List<String>> turnUrls() {
            return Optional.of(turn);
        }

        @Override
        public Optional<String> turnSecret() {
            return Optional.ofNullable(secret);
        }

        @Override
        public Duration turnTtl() {
            return ttl;
        }

        @Override
        public int maxParticipants() {
            return 8;
        }

        @Override
        public int maxSignalBytes() {
            return 32768;
        }
    }
}
