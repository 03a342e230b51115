package io.parley.auth.service;

import io.parley.auth.domain.User;
import io.parley.auth.messaging.UserEventOutbox;
import io.parley.auth.messaging.UserEventRelay;
import io.parley.auth.repository.RefreshTokenRepository;
import io.parley.auth.repository.UserRepository;
import io.parley.events.EventTypes;
import io.parley.kit.error.ForbiddenException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accounts: registration, display name, password change and the user directory. */
@ApplicationScoped
public class AccountService {

    private final Pool pool;
    private final UserRepository users;
    private final RefreshTokenRepository tokens;
    private final PasswordHasher hasher;
    private final UserEventOutbox outbox;
    private final UserEventRelay relay;
    private final AuthMetrics metrics;
    private final LoginThrottle throttle;

    public AccountService(Pool pool, UserRepository users, RefreshTokenRepository tokens, PasswordHasher hasher,
            UserEventOutbox outbox, UserEventRelay relay, AuthMetrics metrics, LoginThrottle throttle) {
        this.pool = pool;
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
        this.throttle = throttle;
    }

    /** @param displayName null: the username */
    public Uni<User> register(String username, String password, String displayName) {
        return hasher.hash(password)
                .chain(hash -> pool.withTransaction(conn -> users.insert(conn, UUID.randomUUID(), username,
                                displayName == null ? username : displayName, hash, List.of(User.ROLE_USER))
                        .call(user -> outbox.append(conn, EventTypes.AuthUsers.USER_REGISTERED, user))))
                .invoke(user -> {
                    metrics.registered();
                    relay.trigger();
                });
    }

    public Uni<User> updateDisplayName(User caller, String displayName) {
        if (displayName.equals(caller.displayName())) {
            return Uni.createFrom().item(caller);
        }
        return pool.withTransaction(conn -> users.updateDisplayName(conn, caller.id(), displayName)
                        .call(user -> outbox.append(conn, EventTypes.AuthUsers.USER_UPDATED, user)))
                .invoke(relay::trigger);
    }

    /**
     * Checks the current password, stores the new hash and revokes every refresh token of the user. Wrong current
     * passwords count as failed logins of the user, so a stolen access token cannot guess the password unbounded.
     */
    public Uni<Void> changePassword(User caller, String currentPassword, String newPassword,
            Optional<String> clientIp) {
        return throttle.admit(caller.username(), clientIp)
                .chain(attempt -> users.findCredentialsById(pool, caller.id())
                        .chain(credentials -> hasher.matches(currentPassword, credentials.passwordHash()))
                        .chain(matches -> matches ? throttle.succeeded(attempt)
                                : throttle.failed(attempt).chain(() -> Uni.createFrom().failure(
                                        new ForbiddenException("current password is incorrect")))))
                .chain(() -> hasher.hash(newPassword))
                .chain(hash -> pool.withTransaction(conn -> users.updatePasswordHash(conn, caller.id(), hash)
                        .chain(() -> tokens.revokeAllOfUser(conn, caller.id()))))
                .replaceWithVoid();
    }

    public Uni<List<User>> search(String prefix, int limit) {
        return users.searchByPrefix(pool, prefix, limit);
    }
}
