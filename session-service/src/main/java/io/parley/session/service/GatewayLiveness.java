package io.parley.session.service;

import io.parley.session.config.SessionsConfig;
import io.parley.session.domain.CloseReason;
import io.parley.session.domain.SessionEvents;
import io.parley.session.messaging.SessionEventsAssignment;
import io.parley.session.repository.GatewayInstanceRepository;
import io.parley.session.repository.PresenceRepository;
import io.parley.session.repository.SessionRepository;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * Keeps the registry honest about gateways: a stopped or silent gateway's sessions are closed, and their users'
 * grace period starts in the same transaction (their presence is then decided one user at a time).
 */
@ApplicationScoped
public class GatewayLiveness {

    private final Pool pool;
    private final GatewayInstanceRepository instances;
    private final SessionRepository sessions;
    private final PresenceService presence;
    private final PresenceRepository presenceRows;
    private final SessionMetrics metrics;
    private final SessionsConfig config;
    private final SessionEventsAssignment assignment;

    public GatewayLiveness(Pool pool, GatewayInstanceRepository instances, SessionRepository sessions,
            PresenceService presence, PresenceRepository presenceRows, SessionMetrics metrics, SessionsConfig config,
            @Identifier(SessionEventsAssignment.NAME) SessionEventsAssignment assignment) {
        this.pool = pool;
        this.instances = instances;
        this.sessions = sessions;
        this.presence = presence;
        this.presenceRows = presenceRows;
        this.metrics = metrics;
        this.config = config;
        this.assignment = assignment;
    }

    public Uni<Void> heartbeat(SessionEvents.Heartbeat heartbeat) {
        return instances.recordHeartbeat(pool, heartbeat);
    }

    /** A graceful stop closes the instance's sessions at once; their users' presence follows the grace period. */
    public Uni<Void> stopped(SessionEvents.InstanceStopped stopped) {
        return pool.withTransaction(tx -> instances.recordStopped(tx, stopped)
                        .chain(() -> sessions.closeOfStoppedInstance(tx, stopped.instance(), stopped.at()))
                        .call(users -> presenceRows.startGraceWhereNoLiveSession(tx, users)))
                .invoke(users -> metrics.sessionsClosed(CloseReason.GATEWAY_STOPPED, users.size()))
                .chain(users -> presence.reconcileEach(users.stream().distinct().toList()));
    }

    /**
     * One sweep round: sessions of gateways that missed their heartbeats are closed, batch after batch; none before
     * this instance has been reading heartbeats for a whole window ({@link SessionEventsAssignment}).
     */
    public Uni<Void> expireSilent() {
        Duration window = config.defaultHeartbeatInterval().multipliedBy(config.missedHeartbeats());
        if (!assignment.readingHeartbeatsFor(window, System.currentTimeMillis())) {
            return Uni.createFrom().voidItem();
        }
        return expireBatches();
    }

    private Uni<Void> expireBatches() {
        return expireBatch().chain(closed -> closed >= config.sweepBatch() ? expireBatches() : Uni.createFrom().voidItem());
    }

    /** Closes one batch and lets presence follow; the answer is how many sessions it closed. */
    private Uni<Integer> expireBatch() {
        return pool.withTransaction(tx -> sessions.expireOnSilentGateways(tx, config.missedHeartbeats(),
                                config.defaultHeartbeatInterval().toMillis(), config.sweepBatch())
                        .call(users -> presenceRows.startGraceWhereNoLiveSession(tx, users)))
                .invoke(users -> metrics.sessionsClosed(CloseReason.GATEWAY_EXPIRED, users.size()))
                .call(users -> presence.reconcileEach(users.stream().distinct().toList()))
                .map(List::size);
    }
}
