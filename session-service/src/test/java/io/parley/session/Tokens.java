package io.parley.session;

import io.smallrye.jwt.build.Jwt;

import java.util.Set;
import java.util.UUID;

/** Mints client access tokens with the test key pair (src/test/resources), as auth-service would. */
final class Tokens {

    static final String ISSUER = "https://chat.example/auth";

    private Tokens() {
    }

    static String user(UUID userId) {
        return mint(userId, Set.of("user"));
    }

    static String admin(UUID userId) {
        return mint(userId, Set.of("user", "admin"));
    }

    private static String mint(UUID userId, Set<String> groups) {
        return Jwt.issuer(ISSUER).subject(userId.toString()).upn("u" + userId.toString().substring(0, 8))
                .groups(groups).expiresIn(600).sign();
    }
}
