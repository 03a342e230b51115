package io.parley.session.rest;

import io.parley.session.domain.ForbiddenException;
import io.parley.session.domain.UnauthenticatedException;
import io.parley.session.service.BannedUsers;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The user behind the request's verified token; a banned user's still-valid token is refused here (403). */
@RequestScoped
public class Caller {

    static final String ADMIN_ROLE = "admin";

    private final JsonWebToken jwt;
    private final BannedUsers banned;

    public Caller(JsonWebToken jwt, BannedUsers banned) {
        this.jwt = jwt;
        this.banned = banned;
    }

    public UUID userId() {
        UUID id;
        try {
            id = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnauthenticatedException("the token does not name a user");
        }
        if (banned.contains(id)) {
            throw new ForbiddenException("this user is banned");
        }
        return id;
    }

    /** The caller's id when they hold the admin role; anyone else is refused (403: the route exists for them). */
    public UUID adminId() {
        UUID id = userId();
        if (jwt.getGroups() == null || !jwt.getGroups().contains(ADMIN_ROLE)) {
            throw new ForbiddenException("admin only");
        }
        return id;
    }
}
