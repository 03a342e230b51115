package io.parley.kit.internal;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Set;

/**
 * Checks a caller's service token with the one public key of the credential (smallrye-jwt, CPU only): ES256 only,
 * {@code iss} {@value #ISSUER}, {@code aud} this service, not expired, at most {@value #MAX_LIFE_SECONDS} s of life.
 */
public final class ServiceTokenVerifier {

    /** The issuer of every service token; auth-service's client tokens carry another. */
    public static final String ISSUER = "parley-internal";
    /** The longest life a token may claim ({@code exp - iat}), whatever a caller's setting. */
    static final long MAX_LIFE_SECONDS = 300;

    /** Why a request was refused: the {@code reason} tag of {@code parley_internal_refused_total}. */
    public enum Refusal {
        MISSING, EXPIRED, AUDIENCE, INVALID, UNCONFIGURED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final JWTParser parser;

    public ServiceTokenVerifier(PublicKey key, String audience, Duration clockSkew) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, ISSUER);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        info.setExpectedAudience(Set.of(audience));
        info.setClockSkew((int) clockSkew.toSeconds());
        info.setMaxTimeToLiveSecs(MAX_LIFE_SECONDS);
        info.setRequiredClaims(Set.of("sub", "jti", "iat", "exp"));
        this.parser = new DefaultJWTParser(info);
    }

    /** Null when {@code authorization} is {@code Bearer <a valid service token for this service>}, else why not. */
    public Refusal check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() == 7) {
            return Refusal.MISSING;
        }
        try {
            parser.parse(authorization.substring(7).trim());
            return null;
        } catch (ParseException e) {
            return reason(e);
        } catch (RuntimeException e) {
            return Refusal.INVALID;
        }
    }

    private static Refusal reason(ParseException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasExpired()) {
                    return Refusal.EXPIRED;
                }
                if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return Refusal.AUDIENCE;
                }
                return Refusal.INVALID;
            }
        }
        return Refusal.INVALID;
    }
}
