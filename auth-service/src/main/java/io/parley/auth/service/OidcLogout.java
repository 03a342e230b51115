package io.parley.auth.service;

import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import io.parley.auth.messaging.SessionCommandPublisher;
import io.parley.auth.repository.OidcRepository;
import io.parley.auth.repository.RefreshTokenRepository;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.text.ParseException;
import java.util.List;
import java.util.UUID;

/**
 * OpenID Connect Back-Channel Logout 1.0: the provider posts a logout token when a user's session there ends. The
 * token is checked as the spec asks (signature against the provider's JWKS, iss, aud, iat, the back-channel logout
 * event, sub or sid, no nonce, typ logout+jwt or JWT); then every refresh token of the users it names is revoked and
 * {@code user.disconnect} (4009) makes every gateway close their sockets, the way a revoked session closes.
 */
@ApplicationScoped
public class OidcLogout {

    private static final Logger LOG = Logger.getLogger(OidcLogout.class);

    private final Pool pool;
    private final OidcProviders providers;
    private final OidcRepository oidc;
    private final RefreshTokenRepository tokens;
    private final SessionCommandPublisher sessionCommands;
    private final AuthMetrics metrics;

    public OidcLogout(Pool pool, OidcProviders providers, OidcRepository oidc, RefreshTokenRepository tokens,
            SessionCommandPublisher sessionCommands, AuthMetrics metrics) {
        this.pool = pool;
        this.providers = providers;
        this.oidc = oidc;
        this.tokens = tokens;
        this.sessionCommands = sessionCommands;
        this.metrics = metrics;
    }

    /** @return the users whose sessions ended (none when the token names nobody known here: still a success) */
    public Uni<List<UUID>> logout(String providerId, String logoutToken) {
        OidcProviders.Provider provider = providers.get(providerId);
        if (logoutToken == null || logoutToken.isEmpty() || logoutToken.length() > 16384) {
            metrics.oidcBackchannelLogout(provider.id(), "invalid");
            return Uni.createFrom().failure(new InvalidException("logout_token is required"));
        }
        return Uni.createFrom().item(() -> validate(provider, logoutToken))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(claims -> pool.withTransaction(conn -> oidc.usersOf(conn, provider.id(),
                                claims.getSubject() == null ? null : claims.getSubject().getValue(),
                                claims.getSessionID() == null ? null : claims.getSessionID().getValue())
                        .call(users -> Multi.createFrom().iterable(users)
                                .onItem().transformToUniAndConcatenate(user -> tokens.revokeAllOfUser(conn, user))
                                .collect().asList())))
                // after the commit: a socket closed before it could reconnect and refresh on a still-live token
                .call(users -> Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(sessionCommands::disconnectRevoked)
                        .collect().asList())
                .invoke(users -> metrics.oidcBackchannelLogout(provider.id(), "done"))
                .onFailure(InvalidException.class)
                .invoke(() -> metrics.oidcBackchannelLogout(provider.id(), "invalid"));
    }

    private LogoutTokenClaimsSet validate(OidcProviders.Provider provider, String logoutToken) {
        try {
            return provider.logoutTokenValidator().validate(JWTParser.parse(logoutToken));
        } catch (ParseException | BadJOSEException | RateLimitReachedException e) {
            LOG.infof("logout token from %s refused: %s", provider.id(), e.getMessage());
            throw new InvalidException("the logout token is not valid");
        } catch (com.nimbusds.jose.JOSEException e) {
            LOG.warnf("logout token from %s could not be checked: %s", provider.id(), e.toString());
            throw new UnavailableException("the provider's keys are unavailable, retry later");
        }
    }
}
