package io.parley.media.rest;

import io.parley.media.domain.Caller;
import io.parley.media.domain.ForbiddenException;
import io.parley.media.domain.UnauthenticatedException;
import io.parley.media.service.BannedUsers;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/**
 * Who is calling, from the request's verified JWT: 401 without a valid token or with a subject that is not a user
 * id, 403 for a user banned on {@code auth.users}. Authentication is lazy (proactive auth is off) so that both the
 * JAX-RS resources and the upload route answer a bad token with the contract's JSON body.
 */
@ApplicationScoped
public class CallerResolver {

    private final BannedUsers bannedUsers;

    public CallerResolver(BannedUsers bannedUsers) {
        this.bannedUsers = bannedUsers;
    }

    public Uni<Caller> resolve(Uni<SecurityIdentity> identity) {
        if (identity == null) {
            return Uni.createFrom().failure(new UnauthenticatedException("a valid access token is required"));
        }
        return identity.map(this::toCaller);
    }

    private Caller toCaller(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new UnauthenticatedException("a valid access token is required");
        }
        UUID userId;
        try {
            userId = UUID.fromString(String.valueOf(token.getSubject()));
        } catch (IllegalArgumentException e) {
            throw new UnauthenticatedException("the token's subject is not a user id");
        }
        if (bannedUsers.contains(userId)) {
            throw new ForbiddenException("this user is banned");
        }
        return new Caller(userId, identity.hasRole("admin"));
    }
}
