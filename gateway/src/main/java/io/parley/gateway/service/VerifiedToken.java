package io.parley.gateway.service;

import java.util.List;

/**
 * A client access token whose signature, issuer and expiry were checked. {@code raw} is a secret: never log it.
 * {@code familyId} is its {@code sid} claim, the refresh-token family (session) it belongs to; null when absent.
 * {@code issuedAtSeconds} is its {@code iat} (0 when absent).
 */
public record VerifiedToken(String userId, String username, List<String> roles, long expiresAtMs, String raw,
        String familyId, long issuedAtSeconds) {

    /** A bot's token: its {@code groups} contain {@code bot} (docs/bots.md); bots have budgets of their own. */
    public boolean bot() {
        return roles.contains(CommandRateLimiter.BOT_ROLE);
    }

    @Override
    public String toString() {
        return "VerifiedToken[userId=" + userId + ", expiresAtMs=" + expiresAtMs + "]";
    }
}
