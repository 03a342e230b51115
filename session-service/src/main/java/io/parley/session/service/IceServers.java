package io.parley.session.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.session.config.CallsConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The ICE servers clients use, in the browser's {@code RTCIceServer} form. TURN credentials follow the TURN REST API
 * that coturn's {@code use-auth-secret} checks: {@code username = "<unix expiry>:<userId>"},
 * {@code credential = base64(HMAC-SHA1(secret, username))}. Checks the calls settings at start-up: TURN URLs without
 * a secret, a TTL under a minute or a call size outside 2–64 stop the service with a message naming the setting
 * (never the secret's value).
 */
@Startup
@ApplicationScoped
public class IceServers {

    private final List<String> stun;
    private final List<String> turn;
    private final byte[] secret;
    private final long ttlSeconds;
    private final Clock clock;

    @Inject
    public IceServers(CallsConfig config) {
        this(config, Clock.systemUTC());
    }

    IceServers(CallsConfig config, Clock clock) {
        this.stun = clean(config.stunUrls().orElse(List.of()));
        this.turn = clean(config.turnUrls().orElse(List.of()));
        String key = config.turnSecret().map(String::strip).orElse("");
        if (!turn.isEmpty() && key.isEmpty()) {
            throw new IllegalStateException("parley.calls.turn-urls (PARLEY_CALLS_TURN_URLS) is set but "
                    + "parley.calls.turn-secret (PARLEY_CALLS_TURN_SECRET) is not: TURN credentials need coturn's "
                    + "static-auth-secret");
        }
        if (config.turnTtl().isNegative() || config.turnTtl().toSeconds() < 60) {
            throw new IllegalStateException("parley.calls.turn-ttl (PARLEY_CALLS_TURN_TTL) must be at least 60s");
        }
        if (config.maxParticipants() < 2 || config.maxParticipants() > 64) {
            throw new IllegalStateException(
                    "parley.calls.max-participants (PARLEY_CALLS_MAX_PARTICIPANTS) must be between 2 and 64");
        }
        if (config.maxSignalBytes() < 1) {
            throw new IllegalStateException("parley.calls.max-signal-bytes (PARLEY_CALLS_MAX_SIGNAL_BYTES) must be positive");
        }
        this.secret = key.getBytes(StandardCharsets.UTF_8);
        this.ttlSeconds = config.turnTtl().toSeconds();
        this.clock = clock;
    }

    private static List<String> clean(List<String> urls) {
        return urls.stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** The servers for this user now: STUN as configured, TURN with fresh credentials; {@code []} when none. */
    public ArrayNode forUser(UUID userId) {
        ArrayNode servers = JsonNodeFactory.instance.arrayNode();
        if (!stun.isEmpty()) {
            ObjectNode server = servers.addObject();
            stun.forEach(server.putArray("urls")::add);
        }
        if (!turn.isEmpty()) {
            String username = (clock.instant().getEpochSecond() + ttlSeconds) + ":" + userId;
            ObjectNode server = servers.addObject();
            turn.forEach(server.putArray("urls")::add);
            server.put("username", username);
            server.put("credential", credential(secret, username));
        }
        return servers;
    }

    /** base64(HMAC-SHA1(secret, username)), the TURN REST API's password. */
    static String credential(byte[] secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
