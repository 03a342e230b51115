package io.parley.media;

import io.smallrye.jwt.build.Jwt;

import java.util.Set;
import java.util.UUID;

/** Tokens for random users, signed with the test key pair in src/test/resources. */
public final class TestUsers {

    private TestUsers() {
    }

    /** A fresh user id (the databases are shared and persist, so every test makes its own users). */
    public static UUID newUser() {
        return UUID.randomUUID();
    }

    public static String tokenFor(UUID userId) {
        return sign(userId, Set.of("user"));
    }

    public static String adminTokenFor(UUID userId) {
        return sign(userId, Set.of("user", "admin"));
    }

    private static String sign(UUID userId, Set<String> groups) {
        return Jwt.issuer("https://chat.example/auth")
                .subject(userId.toString())
                .upn("user-" + userId.toString().substring(0, 8))
                .groups(groups)
                .expiresIn(900)
                .sign();
    }
}
