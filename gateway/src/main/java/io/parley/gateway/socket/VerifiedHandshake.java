package io.parley.gateway.socket;

import io.quarkus.websockets.next.UserData;

import java.util.List;

/**
 * What the upgrade check learned about a client, handed to the socket once it opens: its verified token's claims (not
 * the token itself, which no socket keeps), its address and user agent. {@code familyId} is the token's {@code sid}
 * (its refresh-token family), null when it has none.
 */
public record VerifiedHandshake(String userId, String username, List<String> roles, long tokenExpiresAtMs, String ip,
        String userAgent, String familyId) {

    public static final UserData.TypedKey<VerifiedHandshake> KEY = new UserData.TypedKey<>("parley.handshake");
}
