package io.parley.gateway.handler;

import io.parley.gateway.service.TokenVerifier;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.ForbiddenException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Instant;

/** {@code auth}: a fresh access token for a live socket, pushing back its 4001 deadline. */
@Singleton
public class AuthHandler implements FrameHandler {

    private final TokenVerifier verifier;
    private final BannedUsers banned;

    public AuthHandler(TokenVerifier verifier, BannedUsers banned) {
        this.verifier = verifier;
        this.banned = banned;
    }

    @Override
    public String op() {
        return "auth";
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        String token = FrameFields.of(frame).string("token", 1, 8192);
        return verifier.verify(token).map(verified -> {
            if (!verified.userId().equals(socket.userId()) || banned.isBanned(verified.userId())) {
                throw new ForbiddenException("the token belongs to another user");
            }
            socket.renewToken(verified.expiresAtMs());
            return Outcome.of(FrameEncoder.object()
                    .put("expiresAt", Instant.ofEpochMilli(verified.expiresAtMs()).toString()));
        });
    }
}
