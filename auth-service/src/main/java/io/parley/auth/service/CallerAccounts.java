package io.parley.auth.service;

import io.parley.auth.domain.User;
import io.parley.auth.repository.UserRepository;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.UnauthenticatedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * The caller's account, read fresh from the database rather than from the token or the kit's ban projection
 * (auth-service is where bans are decided): a banned user's still-valid token gets 403, a deleted user's 401, a token
 * issued before the user's {@code tokens_not_before} 401 (docs/bots.md), and
 * roles are those stored now, not those in the token. The token's subject is read as the kit reads it
 * ({@link CallerResolver#userIdOf}).
 */
@ApplicationScoped
public class CallerAccounts {

    private final Pool pool;
    private final UserRepository users;

    public CallerAccounts(Pool pool, UserRepository users) {
        this.pool = pool;
        this.users = users;
    }

    public Uni<User> current(SecurityIdentity identity) {
        JsonWebToken token = token(identity);
        UUID id = CallerResolver.userIdOf(token);
        return users.findById(pool, id).map(user -> {
            if (user == null) {
                throw new UnauthenticatedException("this account no longer exists");
            }
            if (user.refusesTokenIssuedAt(token.getIssuedAtTime())) {
                // a bot's token was rotated or revoked, or the bot disabled or deleted, after this token was issued
                throw new UnauthenticatedException("this access token was revoked");
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

    private static JsonWebToken token(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthenticatedException("a valid access token is required");
        }
        return jwt;
    }
}
