package io.parley.chat.rest;

import io.parley.chat.domain.Caller;
import io.parley.chat.domain.Forbidden;
import io.parley.chat.service.BannedUsers;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The caller of a REST request, from the verified JWT; a banned user's still-valid token is refused (403). */
@RequestScoped
public class CurrentCaller {

    private final JsonWebToken jwt;
    private final BannedUsers banned;

    public CurrentCaller(JsonWebToken jwt, BannedUsers banned) {
        this.jwt = jwt;
        this.banned = banned;
    }

    public Caller get() {
        UUID userId;
        try {
            userId = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnauthorizedException("the token's subject is not a user id");
        }
        if (banned.isBanned(userId)) {
            throw new Forbidden("the user is banned");
        }
        String username = jwt.getClaim("upn");
        return new Caller(userId, username, jwt.getGroups() != null && jwt.getGroups().contains("admin"));
    }
}
