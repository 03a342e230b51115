package io.parley.gateway.ws;

import io.parley.gateway.service.VerifiedToken;
import io.quarkus.websockets.next.UserData;

/** What the upgrade check learned about a client, handed to the socket once it opens. */
public record VerifiedHandshake(VerifiedToken token, String ip, String userAgent) {

    public static final UserData.TypedKey<VerifiedHandshake> KEY = new UserData.TypedKey<>("parley.handshake");
}
