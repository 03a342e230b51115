package io.parley.gateway.service;

import io.parley.gateway.config.JwksRefresh;
import io.parley.gateway.config.TokenVerification;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.UnauthenticatedException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Verifies client access tokens with smallrye-jwt against auth-service's JWKS (RS256, issuer and expiry checked; the
 * key set is cached and refetched on an unknown {@code kid}, at most once per
 * {@code smallrye.jwt.jwks.forced-refresh-interval}). Verification may fetch the JWKS over HTTP, so it runs on a
 * worker thread, never on the event loop.
 * <p>
 * A token that cannot be checked because the JWKS cannot be fetched (auth-service down or unreachable) is not a bad
 * token: that fails with UNAVAILABLE (the client retries), never UNAUTHENTICATED (the client would drop its token).
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final JWTParser parser;
    private final String issuer;
    private final RevokedSessions revoked;
    private final BannedUsers users;
    private final CommandRateLimiter rateLimiter;
    private volatile long lastUnreachableLogMs;

    public TokenVerifier(TokenVerification verification, JwksRefresh jwks, RevokedSessions revoked, BannedUsers users,
            CommandRateLimiter rateLimiter) {
        this.revoked = revoked;
        this.users = users;
        this.rateLimiter = rateLimiter;
        this.issuer = verification.issuer();
        this.parser = new DefaultJWTParser(contextInfo(verification.publickey().location(),
                verification.publickey().algorithm(), verification.issuer(), jwks.refreshInterval(),
                jwks.forcedRefreshInterval()));
    }

    /**
     * What a token must satisfy: the one configured algorithm (RS256), signed by a key of the JWKS at {@code jwksLocation}, issued by
     * {@code issuer}, not expired. The parser is smallrye-jwt's own, built here rather than by the Quarkus
     * extension: the gateway uses no HTTP security layer (see docs/gateway.md, "Memory per socket").
     */
    static JWTAuthContextInfo contextInfo(String jwksLocation, SignatureAlgorithm algorithm, String issuer,
            int refreshMinutes, int forcedRefreshMinutes) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(jwksLocation, issuer);
        info.setSignatureAlgorithm(Set.of(algorithm));
        info.setJwksRefreshInterval(refreshMinutes);
        info.setForcedJwksRefreshInterval(forcedRefreshMinutes);
        return info;
    }

    /**
     * Fails with UNAUTHENTICATED for a missing, forged, expired or malformed token, and with UNAVAILABLE when the
     * signing keys cannot be fetched to check it.
     */
    public Uni<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Uni.createFrom().failure(unauthenticated());
        }
        return Uni.createFrom().item(() -> parse(parser, token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The start-up warm-up's part ({@code StartupWarmUp}): verifies {@code count} tokens through the same parser
     * class and the same claim checks as a client's token, so the JIT has compiled them before the first handshake.
     * They are signed by an RSA key made here and dropped on return; the parser that knows its public half is local to
     * this method, so nothing it signed is ever accepted from a client. Blocking: call it on a worker thread.
     *
     * @param deadlineNs {@link System#nanoTime()} by which to stop with a {@link TimeoutException}
     * @return how many verified
     */
    public int warmUp(int count, long deadlineNs) throws GeneralSecurityException, TimeoutException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        JWTAuthContextInfo info = new JWTAuthContextInfo(keys.getPublic(), issuer);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        JWTParser local = new DefaultJWTParser(info);
        long now = System.currentTimeMillis() / 1000;
        JsonObject claims = new JsonObject().put("iss", issuer).put("sub", UUID.randomUUID().toString())
                .put("upn", "warm-up").put("sid", UUID.randomUUID().toString()).put("groups", List.of("user"))
                .put("iat", now).put("exp", now + 300);
        String token = signed(claims, keys.getPrivate());
        int verified = 0;
        for (int i = 0; i < count; i++) {
            if (i % 100 == 0 && System.nanoTime() - deadlineNs > 0) {
                throw new TimeoutException("warm-up tokens: " + verified + " of " + count + " verified in time");
            }
            parse(local, token);
            verified++;
        }
        return verified;
    }

    /** A compact RS256 JWS of {@code claims}: what auth-service issues, for the warm-up's own key only. */
    static String signed(JsonObject claims, PrivateKey key) throws GeneralSecurityException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(signature.sign());
    }

    private VerifiedToken parse(JWTParser parser, String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException e) {
            if (keysUnreachable(e) && !wrongOnItsFace(token)) {
                logUnreachable(e);
                throw new UnavailableException("tokens cannot be verified now, retry later");
            }
            throw unauthenticated();
        }
        String subject = jwt.getSubject();
        if (subject == null || !isUuid(subject) || jwt.getExpirationTime() <= 0) {
            throw unauthenticated();
        }
        Object upn = jwt.getClaim("upn");
        Object sid = jwt.getClaim("sid");
        // auth-service writes a UUID; anything else is treated as no family (nothing to report, nothing revocable)
        String familyId = sid == null || !isUuid(sid.toString()) ? null : sid.toString();
        // a revoked session's access token is refused until it expires (RevokedSessions keeps it that long)
        if (revoked.isRevoked(familyId)) {
            throw unauthenticated();
        }
        // a token issued before its user's tokensNotBefore (a bot's token rotated or revoked, the bot disabled or
        // deleted: auth.users, docs/bots.md) is refused like a revoked session's
        long issuedAt = jwt.getIssuedAtTime();
        if (users.refusesToken(subject, issuedAt)) {
            throw unauthenticated();
        }
        List<String> roles = jwt.getGroups() == null ? List.of() : List.copyOf(jwt.getGroups());
        if (roles.contains(CommandRateLimiter.BOT_ROLE)) {
            // the socket's commands are limited by user id: a bot's token puts the user on the bot budget
            rateLimiter.markBot(subject);
        }
        return new VerifiedToken(subject, upn == null ? subject : upn.toString(), roles,
                jwt.getExpirationTime() * 1000L, token, familyId, issuedAt);
    }

    /**
     * True when verification failed on fetching the key set (an I/O failure anywhere in the cause chain: connection
     * refused, timeout, unknown host, an HTTP error of the JWKS endpoint), not on the token itself. smallrye-jwt
     * creates its key resolver, and fetches the JWKS, on the first verification and again after a failed fetch.
     */
    static boolean keysUnreachable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * What needs no key to refuse: not a compact JWS (three base64url parts, JSON header and claims) or already
     * expired. smallrye-jwt fetches the key set before it looks at the token, so without this a garbage token would
     * be "unavailable" while auth-service is down.
     */
    static boolean wrongOnItsFace(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return true;
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            new JsonObject(new String(b64.decode(parts[0]), StandardCharsets.UTF_8));
            JsonObject claims = new JsonObject(new String(b64.decode(parts[1]), StandardCharsets.UTF_8));
            Object exp = claims.getValue("exp");
            return !(exp instanceof Number n) || n.longValue() * 1000L <= System.currentTimeMillis();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** One line per 10 s at most: during an outage every reconnecting client lands here. */
    private void logUnreachable(Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastUnreachableLogMs;
        if (now - last < 10_000) {
            return;
        }
        lastUnreachableLogMs = now;
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && depth < 16; depth++) {
            root = root.getCause();
        }
        LOG.warnf("tokens cannot be verified, the JWKS cannot be fetched (handshakes answer 503): %s", root);
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static UnauthenticatedException unauthenticated() {
        return new UnauthenticatedException("token missing, invalid or expired");
    }
}
