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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final RecentInstances recentInstances;

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
        this.recentInstances = new RecentInstances(config.closedRetention());
    }

    /** This service's sweep forgot silent gateways: none of them may be taken as recorded any more. */
    public void forgetRecentInstances() {
        recentInstances.clear();
    }

    /**
     * Sessions gateways opened and closed, in one transaction and a handful of round trips whatever their number: the
     * gateways not recorded a moment ago, every open, every close, then one presence decision per user. The caller
     * gives no user both an open and a close (it starts another call instead), so that one decision is the one the
     * records taken one at a time would end with. The writes are order-proof, so opens and closes need no order.
     */
    public Uni<Void> lifecycle(List<SessionEvents.Opened> opened, List<SessionEvents.Closed> closed) {
        List<String> unrecorded = opened.stream().map(SessionEvents.Opened::instance).distinct()
                .filter(instance -> !recentInstances.contains(instance)).toList();
        Map<UUID, Instant> activity = new HashMap<>();
        opened.forEach(o -> activity.merge(o.userId(), o.connectedAt(), SessionRegistry::later));
        closed.forEach(c -> activity.merge(c.userId(), c.closedAt(), SessionRegistry::later));
        return pool.withTransaction(tx -> Multi.createFrom().iterable(unrecorded)
                        .onItem().transformToUniAndConcatenate(instance -> instances.recordSeen(tx, instance))
                        .collect().last()
                        .chain(() -> opened.isEmpty() ? Uni.createFrom().voidItem() : sessions.recordOpened(tx, opened))
                        .chain(() -> closed.isEmpty() ? Uni.createFrom().voidItem() : sessions.recordClosed(tx, closed))
                        .chain(() -> Multi.createFrom().iterable(opened).filter(o -> banned.isBanned(o.userId()))
                                .onItem().transformToUniAndConcatenate(o -> closeBanned(tx, o))
                                .collect().last())
                        .chain(() -> presence.reconcile(tx, activity)))
                .invoke(() -> {
                    unrecorded.forEach(recentInstances::add);
                    metrics.sessionsOpened(opened.size());
                    metrics.sessionsClosed(CloseReason.CLOSED, closed.size());
                });
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A ban that raced the handshake: the session must not stay live, and every gateway drops the user. */
    private Uni<Void> closeBanned(SqlConnection tx, SessionEvents.Opened opened) {
        return sessions.closeLive(tx, opened.sessionId(), null, SessionCommandPublisher.BANNED, CloseReason.BANNED)
                .chain(user -> user == null ? Uni.createFrom().voidItem()
                        : commands.disconnect(user, SessionCommandPublisher.BANNED)
                                .invoke(() -> metrics.sessionsClosed(CloseReason.BANNED, 1)));
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
