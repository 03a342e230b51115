package io.parley.kit.internal;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The caller's side of the service credential: {@code Authorization} values for each callee, signed with this
 * service's private key and cached until a third of their life is left (one signature per callee every ~40 s, not
 * one per request). Signing is CPU only, so a REST client may ask on an event loop.
 */
@Singleton
public class InternalTokens {

    private record Signed(String authorization, Instant renewAt) {
    }

    private final Optional<PrivateKey> key;
    private final String caller;
    private final Duration lifetime;
    private final Map<String, Signed> cache = new ConcurrentHashMap<>();

    @Inject
    public InternalTokens(ServiceCredentialKeys keys, InternalSettings settings,
            @ConfigProperty(name = "quarkus.application.name") String caller) {
        this(keys.privateKey(), caller, settings.tokenLifetime());
    }

    InternalTokens(Optional<PrivateKey> key, String caller, Duration lifetime) {
        this.key = key;
        this.caller = caller;
        this.lifetime = lifetime;
    }

    /** {@code Bearer <token>} for {@code callee} (its {@code quarkus.application.name}); empty without a key. */
    public Optional<String> authorization(String callee) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        Signed signed = cache.get(callee);
        if (signed == null || !now.isBefore(signed.renewAt())) {
            // two threads may both sign here once: harmless, both tokens are valid
            signed = new Signed("Bearer " + sign(key.get(), caller, callee, now, lifetime),
                    now.plus(lifetime.multipliedBy(2).dividedBy(3)));
            cache.put(callee, signed);
        }
        return Optional.of(signed.authorization());
    }

    /** One service token: {@code iss} parley-internal, {@code sub} the caller, {@code aud} the callee, ES256. */
    public static String sign(PrivateKey key, String caller, String callee, Instant issuedAt, Duration lifetime) {
        return Jwt.issuer(ServiceTokenVerifier.ISSUER)
                .subject(caller)
                .audience(callee)
                .issuedAt(issuedAt.getEpochSecond())
                .expiresAt(issuedAt.plus(lifetime).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString())
                .jws().algorithm(SignatureAlgorithm.ES256)
                .sign(key);
    }
}
