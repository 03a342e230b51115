package io.parley.session.service;

import io.parley.session.domain.CloseReason;
import io.parley.session.messaging.SessionCommandPublisher;
import io.parley.session.repository.SessionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Applies auth.users bans: the user's tokens are refused from now on and their sessions closed. Every instance
 * reads every ban, but only the one whose update actually closed sessions publishes {@code user.disconnect}, so a
 * ban is announced once, and a replayed old ban closes nothing opened after it.
 */
@ApplicationScoped
public class BanEnforcement {

    private final Pool pool;
    private final SessionRepository sessions;
    private final SessionCommandPublisher commands;
    private final PresenceService presence;
    private final BannedUsers banned;
    private final SessionMetrics metrics;

    public BanEnforcement(Pool pool, SessionRepository sessions, SessionCommandPublisher commands,
            PresenceService presence, BannedUsers banned, SessionMetrics metrics) {
        this.pool = pool;
        this.sessions = sessions;
        this.commands = commands;
        this.presence = presence;
        this.banned = banned;
        this.metrics = metrics;
    }

    public Uni<Void> userState(UUID userId, boolean isBanned, Instant at) {
        banned.update(userId, isBanned);
        if (!isBanned) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> sessions.closeOfBannedUser(tx, userId, at, SessionCommandPublisher.BANNED)
                .call(closed -> closed > 0 ? commands.disconnect(userId, SessionCommandPublisher.BANNED)
                        : Uni.createFrom().voidItem())
                .call(closed -> closed > 0 ? presence.reconcile(tx, userId, null) : Uni.createFrom().voidItem())
                .invoke(closed -> metrics.sessionsClosed(CloseReason.BANNED, closed)))
                .replaceWithVoid();
    }
}
