package io.parley.gateway.service;

import java.util.List;

/**
 * A client access token whose signature, issuer and expiry were checked. {@code raw} is a secret: never log it.
 * {@code familyId} is its {@code sid} claim, the refresh-token family (session) it belongs to; null when absent.
 */
public record VerifiedToken(String userId, String username, List<String> roles, long expiresAtMs, String raw,
        String familyId) {

    @Override
    public String toString() {
        return "VerifiedToken[userId=" + userId + ", expiresAtMs=" + expiresAtMs + "]";
    }
}
