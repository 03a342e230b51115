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
 * Applies an auth.users ban to the registry: the user's sessions are closed (their tokens are already refused by the
 * kit's {@code BannedUsers}). Every instance reads every ban, but only the one whose update actually closed sessions
 * publishes {@code user.disconnect}, so a ban is announced once, and a replayed old ban closes nothing opened after it.
 */
@ApplicationScoped
public class BanEnforcement {

    private final Pool pool;
    private final SessionRepository sessions;
    private final SessionCommandPublisher commands;
    private final PresenceService presence;
    private final SessionMetrics metrics;
    private final CallService calls;

    public BanEnforcement(Pool pool, SessionRepository sessions, SessionCommandPublisher commands,
            PresenceService presence, SessionMetrics metrics, CallService calls) {
        this.calls = calls;
        this.pool = pool;
        this.sessions = sessions;
        this.commands = commands;
        this.presence = presence;
        this.metrics = metrics;
    }

    /** Closes the sessions {@code userId} opened before {@code bannedAt}; the user's presence follows. */
    public Uni<Void> closeSessionsOf(UUID userId, Instant bannedAt) {
        return pool.withTransaction(tx -> sessions
                .closeOfBannedUser(tx, userId, bannedAt, SessionCommandPublisher.BANNED)
                .call(closed -> closed > 0 ? commands.disconnect(userId, SessionCommandPublisher.BANNED)
                        : Uni.createFrom().voidItem())
                .call(closed -> closed > 0 ? presence.reconcile(tx, userId, null) : Uni.createFrom().voidItem())
                .invoke(closed -> metrics.sessionsClosed(CloseReason.BANNED, closed)))
                // and out of every call at once (call.left "banned"), not after the grace period
                .chain(() -> calls.banned(userId, bannedAt));
    }
}
