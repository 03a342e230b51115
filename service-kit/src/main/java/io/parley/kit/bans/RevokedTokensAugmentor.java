package io.parley.kit.bans;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses, as not authenticated (401), a verified access token issued ({@code iat}) before its user's
 * {@code tokensNotBefore} on {@code auth.users} ({@link BannedUsers}): a bot's token was rotated or revoked, or the bot
 * disabled or deleted (docs/bots.md). Runs in every service that authenticates with JWTs through Quarkus security, so
 * no route can forget it; the gateway, which verifies tokens itself, asks {@link BannedUsers} directly.
 */
@ApplicationScoped
public class RevokedTokensAugmentor implements SecurityIdentityAugmentor {

    private final BannedUsers users;

    public RevokedTokensAugmentor(BannedUsers users) {
        this.users = users;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                && users.refusesToken(token.getSubject(), token.getIssuedAtTime())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("this access token was revoked"));
        }
        return Uni.createFrom().item(identity);
    }
}
