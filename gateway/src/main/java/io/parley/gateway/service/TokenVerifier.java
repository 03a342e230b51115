package io.parley.gateway.service;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.UUID;

/**
 * Verifies client access tokens with smallrye-jwt against auth-service's JWKS (RS256, issuer and expiry checked; the
 * key set is cached and refetched on an unknown {@code kid}). Verification may fetch the JWKS over HTTP, so it runs on
 * a worker thread, never on the event loop.
 */
@ApplicationScoped
public class TokenVerifier {

    private final JWTParser parser;

    public TokenVerifier(JWTParser parser) {
        this.parser = parser;
    }

    /** Fails with UNAUTHENTICATED for a missing, forged, expired or malformed token. */
    public Uni<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Uni.createFrom().failure(unauthenticated());
        }
        return Uni.createFrom().item(() -> parse(token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private VerifiedToken parse(String token) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw unauthenticated();
        }
        String subject = jwt.getSubject();
        if (subject == null || !isUuid(subject) || jwt.getExpirationTime() <= 0) {
            throw unauthenticated();
        }
        Object upn = jwt.getClaim("upn");
        List<String> roles = jwt.getGroups() == null ? List.of() : List.copyOf(jwt.getGroups());
        return new VerifiedToken(subject, upn == null ? subject : upn.toString(), roles,
                jwt.getExpirationTime() * 1000L, token);
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static GatewayException unauthenticated() {
        return new GatewayException(ErrorCode.UNAUTHENTICATED, "token missing, invalid or expired");
    }
}
