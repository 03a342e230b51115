package io.parley.session.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code parley.calls.*} settings (env {@code PARLEY_CALLS_*}, docs/calls.md), checked at start-up by
 * {@code IceServers} (TURN URLs without a secret, a TTL under a minute, a call size outside 2–64 stop it with a
 * message naming the setting); the secret is never logged nor written anywhere but into credentials' HMACs.
 */
@ConfigMapping(prefix = "parley.calls")
public interface CallsConfig {

    /** STUN server URLs handed to clients ({@code stun:host:3478}); none by default. */
    Optional<List<String>> stunUrls();

    /** TURN server URLs ({@code turn:host:3478?transport=udp}, {@code turns:…}); none by default. */
    Optional<List<String>> turnUrls();

    /** coturn's {@code static-auth-secret}: required when TURN URLs are set. */
    Optional<String> turnSecret();

    /** How long TURN credentials are valid. */
    @WithDefault("1h")
    Duration turnTtl();

    /** Most participants of one call (mesh: every one sends to every other). */
    @WithDefault("8")
    int maxParticipants();

    /** Largest {@code call.signal} payload (serialized JSON, bytes) session-service accepts. */
    @WithDefault("32768")
    int maxSignalBytes();
}
