package io.parley.auth.service;

import io.parley.auth.domain.ForbiddenException;
import io.parley.auth.domain.UnauthenticatedException;
import io.parley.auth.domain.User;
import io.parley.auth.repository.UserRepository;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Turns a verified access token into the current account, read fresh from the database: a banned user's
 * still-valid token gets 403, a deleted user's 401, and roles are those stored now, not those in the token.
 */
@ApplicationScoped
public class CallerResolver {

    private final Pool pool;
    private final UserRepository users;

    public CallerResolver(Pool pool, UserRepository users) {
        this.pool = pool;
        this.users = users;
    }

    public Uni<User> current(SecurityIdentity identity) {
        UUID id = subject(identity);
        return users.findById(pool, id).map(user -> {
            if (user == null) {
                throw new UnauthenticatedException("this account no longer exists");
            }
            if (user.banned()) {
                throw new ForbiddenException("this account is banned");
            }
            return user;
        });
    }

    public Uni<User> currentAdmin(SecurityIdentity identity) {
        return current(identity).map(user -> {
            if (!user.isAdmin()) {
                throw new ForbiddenException("admin only");
            }
            return user;
        });
    }

    private static UUID subject(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthenticatedException("a valid access token is required");
        }
        try {
            return UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnauthenticatedException("a valid access token is required");
        }
    }
}
