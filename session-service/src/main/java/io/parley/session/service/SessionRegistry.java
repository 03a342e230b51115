package io.parley.session.service;

import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.NotFoundException;
import io.parley.kit.error.UnavailableException;
import io.parley.session.config.SessionsConfig;
import io.parley.session.domain.CloseReason;
import io.parley.session.domain.SessionEvents;
import io.parley.session.domain.SessionRecord;
import io.parley.session.messaging.SessionCommandPublisher;
import io.parley.session.repository.GatewayInstanceRepository;
import io.parley.session.repository.SessionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The live session registry: what gateways report, what users and admins see and revoke. */
@ApplicationScoped
public class SessionRegistry {

    private final Pool pool;
    private final SessionRepository sessions;
    private final GatewayInstanceRepository instances;
    private final PresenceService presence;
    private final SessionCommandPublisher commands;
    private final BannedUsers banned;
    private final SessionMetrics metrics;
    private final SessionsConfig config;

    public SessionRegistry(Pool pool, SessionRepository sessions, GatewayInstanceRepository instances,
            PresenceService presence, SessionCommandPublisher commands, BannedUsers banned, SessionMetrics metrics,
            SessionsConfig config) {
        this.pool = pool;
        this.sessions = sessions;
        this.instances = instances;
        this.presence = presence;
        this.commands = commands;
        this.banned = banned;
        this.metrics = metrics;
        this.config = config;
    }

    public Uni<Void> opened(SessionEvents.Opened opened) {
        return pool.withTransaction(tx -> instances.recordSeen(tx, opened.instance())
                        .chain(() -> sessions.recordOpened(tx, opened))
                        .chain(() -> banned.isBanned(opened.userId()) ? closeBanned(tx, opened)
                                : Uni.createFrom().voidItem())
                        .chain(() -> presence.reconcile(tx, opened.userId(), opened.connectedAt())))
                .invoke(metrics::sessionOpened);
    }

    /** A ban that raced the handshake: the session must not stay live, and every gateway drops the user. */
    private Uni<Void> closeBanned(SqlConnection tx, SessionEvents.Opened opened) {
        return sessions.closeLive(tx, opened.sessionId(), null, SessionCommandPublisher.BANNED, CloseReason.BANNED)
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : commands.disconnect(user, SessionCommandPublisher.BANNED)
                                .invoke(() -> metrics.sessionsClosed(CloseReason.BANNED, 1)));
    }

    public Uni<Void> closed(SessionEvents.Closed closed) {
        return pool.withTransaction(tx -> sessions.recordClosed(tx, closed)
                        .chain(() -> presence.reconcile(tx, closed.userId(), closed.closedAt())))
                .invoke(() -> metrics.sessionsClosed(CloseReason.CLOSED, 1));
    }

    public Uni<Void> presenceSet(SessionEvents.PresenceSet set) {
        return pool.withTransaction(tx -> sessions.touch(tx, set.sessionId(), set.at())
                .chain(() -> presence.choose(tx, set)));
    }

    public Uni<List<SessionRecord>> liveOf(UUID userId) {
        return sessions.liveOf(pool, userId);
    }

    public Uni<List<SessionRecord>> live(UUID userIdOrNull, int limit) {
        return sessions.live(pool, userIdOrNull, limit);
    }

    /**
     * Closes a live session and tells its gateway (socket closed 4009). With an {@code owner}, only that user's
     * session counts: anyone else's is {@link NotFoundException}, as if it did not exist.
     */
    public Uni<Void> revoke(UUID sessionId, UUID ownerOrNull) {
        return pool.withTransaction(tx -> sessions.closeLiveSession(tx, sessionId, ownerOrNull,
                                SessionCommandPublisher.REVOKED, CloseReason.REVOKED)
                        .onItem().ifNull().failWith(() -> new NotFoundException("no such session"))
                        // a broker that does not acknowledge in time must not hold the client (nor the row) for long;
                        // the family lets auth-service revoke the session's refresh tokens too
                        .call(closed -> commands.revoke(sessionId, closed.userId(), closed.familyId())
                                .ifNoItem().after(config.publishTimeout())
                                .failWith(() -> new UnavailableException("the revocation could not be published")))
                        .chain(closed -> presence.reconcile(tx, closed.userId(), null)))
                .invoke(() -> metrics.sessionsClosed(CloseReason.REVOKED, 1));
    }
}
