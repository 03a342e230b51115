package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.domain.TokenPair;
import io.parley.auth.domain.User;
import io.parley.auth.repository.RefreshTokenRepository;
import io.parley.auth.repository.UserRepository;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.RateLimitedException;
import io.parley.kit.error.UnauthenticatedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Login, refresh-token rotation with reuse detection, and logout. A login starts a token family; every refresh
 * exchanges the presented token for a new one of the same family; presenting an exchanged token again revokes the
 * whole family (the token was stolen, or the client is confused: either way nobody keeps that session).
 */
@ApplicationScoped
public class LoginService {

    /** One message for unknown user and wrong password, so the answer does not reveal which names exist. */
    static final String BAD_CREDENTIALS = "invalid username or password";
    private static final String BAD_REFRESH = "refresh token is invalid or expired";

    private final Pool pool;
    private final UserRepository users;
    private final RefreshTokenRepository tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AccessTokens accessTokens;
    private final AuthConfig config;
    private final AuthMetrics metrics;

    public LoginService(Pool pool, UserRepository users, RefreshTokenRepository tokens, PasswordHasher hasher,
            LoginThrottle throttle, AccessTokens accessTokens, AuthConfig config, AuthMetrics metrics) {
        this.pool = pool;
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.accessTokens = accessTokens;
        this.config = config;
        this.metrics = metrics;
    }

    /** @param clientIp empty when no client address is known (see rest/ClientAddress) */
    public Uni<TokenPair> login(String username, String password, Optional<String> clientIp) {
        return throttle.admit(username, clientIp)
                .onFailure(RateLimitedException.class).invoke(() -> metrics.login("throttled"))
                .chain(attempt -> users.findCredentialsByUsername(pool, username)
                        .chain(credentials -> hasher.matches(password,
                                        credentials == null ? null : credentials.passwordHash())
                                .chain(matches -> {
                                    if (!matches) {
                                        metrics.login("failure");
                                        return throttle.failed(attempt).chain(() -> Uni.createFrom()
                                                .failure(new UnauthenticatedException(BAD_CREDENTIALS)));
                                    }
                                    Uni<Void> settled = throttle.succeeded(attempt);
                                    if (credentials.user().banned()) {
                                        metrics.login("banned");
                                        return settled.chain(() -> Uni.createFrom()
                                                .failure(new ForbiddenException("this account is banned")));
                                    }
                                    metrics.login("success");
                                    return settled.chain(() -> pool.withTransaction(
                                            conn -> issue(conn, credentials.user(), UUID.randomUUID())));
                                })));
    }

    public Uni<TokenPair> refresh(String refreshToken) {
        byte[] hash = RefreshTokens.hash(refreshToken);
        return pool.withTransaction(conn -> tokens.markRotated(conn, hash).chain(live -> {
            if (live != null) {
                return users.findById(conn, live.userId()).chain(user -> {
                    if (user == null || user.banned()) {
                        return tokens.revokeFamily(conn, live.familyId()).replaceWith(RefreshOutcome.refused("invalid"));
                    }
                    return issue(conn, user, live.familyId()).map(RefreshOutcome::rotated);
                });
            }
            return tokens.find(conn, hash).chain(known -> {
                if (known != null && known.rotated()) {
                    // committed before the 401 goes out: the revocation must not roll back with the refusal
                    return tokens.revokeFamily(conn, known.familyId()).replaceWith(RefreshOutcome.refused("reuse"));
                }
                return Uni.createFrom().item(RefreshOutcome.refused("invalid"));
            });
        })).map(outcome -> {
            metrics.refresh(outcome.refusal() == null ? "rotated" : outcome.refusal());
            if (outcome.refusal() != null) {
                throw new UnauthenticatedException(BAD_REFRESH);
            }
            return outcome.pair();
        });
    }

    /** Ends the session the token belongs to (its whole family); unknown tokens are ignored, logout always works. */
    public Uni<Void> logout(String refreshToken) {
        byte[] hash = RefreshTokens.hash(refreshToken);
        return pool.withTransaction(conn -> tokens.find(conn, hash).chain(known -> known == null
                ? Uni.createFrom().voidItem()
                : tokens.revokeFamily(conn, known.familyId()).replaceWithVoid()));
    }

    /** A new token family for a user whose identity was established elsewhere (an OpenID Connect provider). */
    public Uni<TokenPair> startSession(User user) {
        metrics.login("oidc");
        return pool.withTransaction(conn -> issue(conn, user, UUID.randomUUID()));
    }

    /**
     * Revokes one session's token family (session-service revoked the session: session.revoke with its family), only
     * if the family is {@code userId}'s, so a record cannot end another user's session. Idempotent.
     *
     * @return how many tokens it revoked (0 on redelivery, for an unknown family or another user's)
     */
    public Uni<Integer> revokeSession(UUID familyId, UUID userId) {
        return pool.withTransaction(conn -> tokens.revokeFamilyOf(conn, familyId, userId));
    }

    public java.time.Duration refreshTokenLifetime() {
        return config.refreshTokenLifetime();
    }

    private Uni<TokenPair> issue(SqlClient conn, User user, UUID familyId) {
        String refreshToken = RefreshTokens.newValue();
        Instant expiresAt = Instant.now().plus(config.refreshTokenLifetime());
        return tokens.insert(conn, RefreshTokens.hash(refreshToken), familyId, user.id(), expiresAt)
                .map(ignored -> new TokenPair(accessTokens.issue(user, familyId), accessTokens.lifetimeSeconds(),
                        refreshToken, user));
    }

    /** A refresh's result, decided inside the transaction and turned into an answer after it commits. */
    private record RefreshOutcome(TokenPair pair, String refusal) {

        static RefreshOutcome rotated(TokenPair pair) {
            return new RefreshOutcome(pair, null);
        }

        static RefreshOutcome refused(String reason) {
            return new RefreshOutcome(null, reason);
        }
    }
}
