package io.parley.gateway.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/** Mints access tokens as auth-service would, with the test key pair (and a forged one). */
public final class Tokens {

    public static final String ISSUER = "https://chat.example/auth";
    public static final String KID = "test-key-1";

    private Tokens() {
    }

    public static String valid(String userId) {
        return sign(userId, Instant.now().plusSeconds(900), ISSUER, "/privateKey.pem");
    }

    /** A valid token of the refresh-token family {@code sid}, as auth-service mints them. */
    public static String withSid(String userId, String sid) {
        return sign(userId, Instant.now().plusSeconds(900), ISSUER, "/privateKey.pem", sid);
    }

    public static String expiringIn(String userId, long seconds) {
        return sign(userId, Instant.now().plusSeconds(seconds), ISSUER, "/privateKey.pem");
    }

    public static String expired(String userId) {
        return sign(userId, Instant.now().minusSeconds(120), ISSUER, "/privateKey.pem");
    }

    public static String forged(String userId) {
        return sign(userId, Instant.now().plusSeconds(900), ISSUER, "/forgedPrivateKey.pem");
    }

    public static String wrongIssuer(String userId) {
        return sign(userId, Instant.now().plusSeconds(900), "https://evil.example/auth", "/privateKey.pem");
    }

    private static String sign(String userId, Instant expiresAt, String issuer, String keyResource) {
        return sign(userId, expiresAt, issuer, keyResource, null);
    }

    private static String sign(String userId, Instant expiresAt, String issuer, String keyResource, String sid) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey(keyResource);
            var claims = Jwt.issuer(issuer)
                    .subject(userId)
                    .upn("user-" + userId.substring(0, 8))
                    .groups(Set.of("user"))
                    .issuedAt(Instant.now().minusSeconds(1))
                    .expiresAt(expiresAt)
                    .claim("jti", java.util.UUID.randomUUID().toString());
            if (sid != null) {
                claims.claim("sid", sid);
            }
            return claims.jws().keyId(KID).sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a test token", e);
        }
    }
}
