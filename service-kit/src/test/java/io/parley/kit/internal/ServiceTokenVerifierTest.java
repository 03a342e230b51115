package io.parley.kit.internal;

import io.parley.kit.internal.ServiceTokenVerifier.Refusal;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ServiceTokenVerifierTest {

    private static final KeyPair CREDENTIAL = ec();
    private static final Duration MINUTE = Duration.ofSeconds(60);

    private final ServiceTokenVerifier chat =
            new ServiceTokenVerifier(CREDENTIAL.getPublic(), "chat-service", Duration.ofSeconds(5));

    @Test
    void theCallersTokenForThisServiceIsAccepted() {
        assertNull(chat.check(bearer(CREDENTIAL, "chat-service", Instant.now(), MINUTE)));
        assertNull(chat.check("bearer " + InternalTokens.sign(CREDENTIAL.getPrivate(), "gateway", "chat-service",
                Instant.now(), MINUTE)));
    }

    @Test
    void noBearerTokenIsMissing() {
        assertEquals(Refusal.MISSING, chat.check(null));
        assertEquals(Refusal.MISSING, chat.check(""));
        assertEquals(Refusal.MISSING, chat.check("Bearer "));
        assertEquals(Refusal.MISSING, chat.check("Basic Z2F0ZXdheTp4"));
    }

    @Test
    void anExpiredTokenIsRefusedBeyondTheClockSkew() {
        assertEquals(Refusal.EXPIRED, chat.check(bearer(CREDENTIAL, "chat-service",
                Instant.now().minusSeconds(70), MINUTE)));
        assertNull(chat.check(bearer(CREDENTIAL, "chat-service", Instant.now().minusSeconds(62), MINUTE)),
                "2 s late is within the 5 s of skew");
    }

    @Test
    void aTokenForAnotherCalleeIsRefused() {
        assertEquals(Refusal.AUDIENCE, chat.check(bearer(CREDENTIAL, "session-service", Instant.now(), MINUTE)));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        assertEquals(Refusal.INVALID, chat.check(bearer(ec(), "chat-service", Instant.now(), MINUTE)));
    }

    @Test
    void aClientTokenOfAuthServiceIsRefusedEvenForAnAdmin() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String admin = Jwt.issuer("https://chat.example/auth").upn("root").subject("u-1").groups("admin")
                .audience("chat-service").expiresIn(300).jws().algorithm(SignatureAlgorithm.RS256)
                .sign(rsa.generateKeyPair().getPrivate());
        assertEquals(Refusal.INVALID, chat.check("Bearer " + admin));
    }

    @Test
    void theAlgorithmIsPinned() {
        String[] valid = bearer(CREDENTIAL, "chat-service", Instant.now(), MINUTE).substring(7).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        assertEquals(Refusal.INVALID, chat.check("Bearer " + none + "." + valid[1] + "."));
        String hs = Jwt.issuer(ServiceTokenVerifier.ISSUER).subject("gateway").audience("chat-service")
                .claim("jti", "x").expiresIn(60).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret("a-secret-that-is-long-enough-for-hs256-0123456789");
        assertEquals(Refusal.INVALID, chat.check("Bearer " + hs));
    }

    @Test
    void theIssuerAndALongLifeAreRefused() {
        String otherIssuer = Jwt.issuer("https://chat.example/auth").subject("gateway").audience("chat-service")
                .claim("jti", "x").expiresIn(60).jws().algorithm(SignatureAlgorithm.ES256)
                .sign(CREDENTIAL.getPrivate());
        assertEquals(Refusal.INVALID, chat.check("Bearer " + otherIssuer));
        assertEquals(Refusal.INVALID, chat.check(bearer(CREDENTIAL, "chat-service", Instant.now(),
                Duration.ofHours(1))));
    }

    @Test
    void garbageIsInvalid() {
        assertEquals(Refusal.INVALID, chat.check("Bearer not.a.token"));
        assertEquals(Refusal.INVALID, chat.check("Bearer x"));
    }

    @Test
    void tokensAreCachedPerCalleeAndSignedOnce() {
        InternalTokens tokens = new InternalTokens(java.util.Optional.of(CREDENTIAL.getPrivate()), "gateway", MINUTE);
        String first = tokens.authorization("chat-service").orElseThrow();
        assertEquals(first, tokens.authorization("chat-service").orElseThrow());
        assertNull(chat.check(first));
        assertEquals(Refusal.AUDIENCE, chat.check(tokens.authorization("session-service").orElseThrow()));
        assertEquals(java.util.Optional.empty(),
                new InternalTokens(java.util.Optional.empty(), "gateway", MINUTE).authorization("chat-service"));
    }

    private static String bearer(KeyPair keys, String audience, Instant issuedAt, Duration life) {
        return "Bearer " + InternalTokens.sign(keys.getPrivate(), "gateway", audience, issuedAt, life);
    }

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
