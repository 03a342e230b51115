package io.parley.auth.domain;

/** What a login or refresh hands out: a signed access token, its lifetime, and a fresh opaque refresh token. */
public record TokenPair(String accessToken, long expiresInSeconds, String refreshToken, User user) {
}
