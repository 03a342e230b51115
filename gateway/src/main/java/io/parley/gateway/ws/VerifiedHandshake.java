package io.parley.gateway.ws;

import io.parley.gateway.service.VerifiedToken;
import io.quarkus.websockets.next.UserData;

/**
 * What the upgrade check learned about a client, handed to the socket once it opens. {@code tokenInHeader}: the token
 * came in the {@code Authorization} header, which the check drops from the request once admitted (a token in the
 * {@code access_token} query parameter stays readable in the request's URI).
 */
public record VerifiedHandshake(VerifiedToken token, String ip, String userAgent, boolean tokenInHeader) {

    public static final UserData.TypedKey<VerifiedHandshake> KEY = new UserData.TypedKey<>("parley.handshake");
}
