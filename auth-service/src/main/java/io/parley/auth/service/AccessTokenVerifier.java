package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import java.time.Instant;

/**
 * Verifies client access tokens against this service's own key ring instead of fetching its JWKS over HTTP: RS256
 * only (so {@code alg: none} and HMAC tricks fail), a known {@code kid}, the signature, {@code iss}, {@code exp}
 * (with the configured skew), {@code sub} and {@code jti} required. Pure CPU, safe on the event loop.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class AccessTokenVerifier extends JWTCallerPrincipalFactory {

    private final JwtConsumer consumer;

    public AccessTokenVerifier(SigningKeyStore keys, AuthConfig config) {
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nested) -> keys.ring()
                        .find(jws.getKeyIdHeaderValue() == null ? "" : jws.getKeyIdHeaderValue(), Instant.now())
                        .orElseThrow(() -> new UnresolvableKeyException("unknown kid"))
                        .publicKey())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(true, config.issuer())
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setSkipDefaultAudienceValidation()
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        try {
            JwtContext context = consumer.process(token);
            return new DefaultJWTCallerPrincipal(token, "JWT", context.getJwtClaims());
        } catch (InvalidJwtException e) {
            // the reason stays in our logs at debug level; the client only learns "invalid token"
            throw new ParseException("access token refused", e);
        }
    }
}
