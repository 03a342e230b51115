package io.parley.kit.caller;

import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.UnauthenticatedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Turns the request's verified JWT into a {@link Caller}: 401 without a valid token or with a subject that is no
 * user id, 403 for a user banned on {@code auth.users}. The same in every service that verifies tokens itself.
 */
@ApplicationScoped
public class CallerResolver {

    public static final String ADMIN_ROLE = "admin";

    private final BannedUsers banned;

    public CallerResolver(BannedUsers banned) {
        this.banned = banned;
    }

    public Caller resolve(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthenticatedException("a valid access token is required");
        }
        UUID userId = userIdOf(token);
        if (banned.isBanned(userId)) {
            throw new ForbiddenException("this user is banned");
        }
        return new Caller(userId, token.getClaim("upn"), identity.hasRole(ADMIN_ROLE));
    }

    /** For routes that authenticate lazily (proactive authentication off). */
    public Uni<Caller> resolve(Uni<SecurityIdentity> identity) {
        if (identity == null) {
            return Uni.createFrom().failure(new UnauthenticatedException("a valid access token is required"));
        }
        return identity.map(this::resolve);
    }

    /** The caller when they hold the admin role; anyone else gets 403 (the route exists for them). */
    public Caller resolveAdmin(SecurityIdentity identity) {
        Caller caller = resolve(identity);
        if (!caller.admin()) {
            throw new ForbiddenException("admin only");
        }
        return caller;
    }

    /** The token's subject as a user id, without the ban check (auth-service reads the account itself). */
    public static UUID userIdOf(JsonWebToken token) {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnauthenticatedException("the token's subject is not a user id");
        }
    }
}
