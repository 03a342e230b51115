package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.SigningKey;
import io.parley.auth.domain.User;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.UUID;

/**
 * Mints the RS256 access tokens of PROTOCOL §1 with the key that signs now. Each carries {@code sid}, the refresh-token
 * family it was issued with, so a revoked session's family can be told apart from the user's other sessions.
 */
@ApplicationScoped
public class AccessTokens {

    private final SigningKeyStore keys;
    private final AuthConfig config;

    public AccessTokens(SigningKeyStore keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** @param familyId the refresh-token family (the session) the token belongs to, as the claim {@code sid} */
    public String issue(User user, UUID familyId) {
        return issue(user, familyId, config.accessTokenLifetime());
    }

    /** With a lifetime of its own (bots: parley.auth.bot-access-token-lifetime). */
    public String issue(User user, UUID familyId, Duration lifetime) {
        SigningKey key = keys.signingKey();
        Instant now = Instant.now();
        return Jwt.issuer(config.issuer())
                .subject(user.id().toString())
                .upn(user.username())
                .groups(new HashSet<>(user.roles()))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString())
                .claim("sid", familyId.toString())
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(key.kid())
                .sign(key.privateKey());
    }

    public long lifetimeSeconds() {
        return config.accessTokenLifetime().toSeconds();
    }
}
