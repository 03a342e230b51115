package io.parley.auth.service;

import io.parley.auth.domain.User;
import io.parley.auth.messaging.UserEventOutbox;
import io.parley.auth.messaging.UserEventRelay;
import io.parley.auth.repository.RefreshTokenRepository;
import io.parley.auth.repository.UserRepository;
import io.parley.events.EventTypes;
import io.parley.kit.error.ConflictException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Bans and unbans. A ban revokes the user's refresh tokens and publishes user.banned in the same transaction; every
 * service then refuses the user's still-valid access tokens, and the gateway closes the user's sockets (4003).
 */
@ApplicationScoped
public class ModerationService {

    private final Pool pool;
    private final UserRepository users;
    private final RefreshTokenRepository tokens;
    private final UserEventOutbox outbox;
    private final UserEventRelay relay;
    private final AuthMetrics metrics;

    public ModerationService(Pool pool, UserRepository users, RefreshTokenRepository tokens, UserEventOutbox outbox,
            UserEventRelay relay, AuthMetrics metrics) {
        this.pool = pool;
        this.users = users;
        this.tokens = tokens;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
    }

    /** Idempotent: banning a banned user changes nothing and publishes nothing. */
    public Uni<Void> ban(User admin, UUID userId) {
        if (admin.id().equals(userId)) {
            return Uni.createFrom().failure(new ConflictException("an admin cannot ban themselves"));
        }
        return setBanned(userId, true);
    }

    public Uni<Void> unban(UUID userId) {
        return setBanned(userId, false);
    }

    private Uni<Void> setBanned(UUID userId, boolean banned) {
        return pool.withTransaction(conn -> users.findByIdForUpdate(conn, userId).chain(user -> {
            if (user == null) {
                return Uni.createFrom().failure(new NotFoundException("no such user"));
            }
            if (user.banned() == banned) {
                return Uni.createFrom().item(false);
            }
            Uni<Integer> revoked = banned ? tokens.revokeAllOfUser(conn, userId) : Uni.createFrom().item(0);
            return revoked.chain(() -> users.updateBanned(conn, userId, banned))
                    .chain(updated -> outbox.append(conn,
                            banned ? EventTypes.AuthUsers.USER_BANNED : EventTypes.AuthUsers.USER_UNBANNED, updated))
                    .replaceWith(true);
        })).invoke(changed -> {
            if (changed) {
                metrics.moderation(banned ? "ban" : "unban");
                relay.trigger();
            }
        }).replaceWithVoid();
    }
}
