package io.parley.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;

/**
 * What a client access token must satisfy, under the MicroProfile JWT keys every service sets ({@code mp.jwt.verify.*}:
 * the other services' smallrye-jwt extension reads the same ones). The gateway has no such extension: its
 * {@code TokenVerifier} builds smallrye-jwt's parser from this (see docs/gateway.md, "Memory per socket").
 */
@ConfigMapping(prefix = "mp.jwt.verify")
public interface TokenVerification {

    PublicKey publickey();

    /** The {@code iss} every token must carry. */
    String issuer();

    interface PublicKey {
        /** auth-service's JWKS. */
        String location();

        /** The one signature algorithm accepted (RS256). */
        SignatureAlgorithm algorithm();
    }
}
