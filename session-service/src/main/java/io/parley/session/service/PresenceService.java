package io.parley.session.service;

import io.parley.session.config.SessionsConfig;
import io.parley.session.domain.PresenceDecision;
import io.parley.session.domain.PresenceRow;
import io.parley.session.domain.PresenceState;
import io.parley.session.domain.SessionEvents;
import io.parley.session.messaging.PresencePublisher;
import io.parley.session.repository.PresenceRepository;
import io.parley.session.repository.SessionRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides each user's presence from their live sessions and choice, and tells others of every change exactly once:
 * the decision runs under the user's presence row lock and {@code presence.updated} is acknowledged by the broker
 * before the transaction commits (a failed publish rolls the change back, to be decided again).
 */
@ApplicationScoped
public class PresenceService {

    private final Pool pool;
    private final PresenceRepository presence;
    private final SessionRepository sessions;
    private final PresencePublisher publisher;
    private final SessionMetrics metrics;
    private final SessionsConfig config;

    public PresenceService(Pool pool, PresenceRepository presence, SessionRepository sessions,
            PresencePublisher publisher, SessionMetrics metrics, SessionsConfig config) {
        this.pool = pool;
        this.presence = presence;
        this.sessions = sessions;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    /** Re-decides inside the caller's transaction; {@code activityAt} (nullable) is the user's latest activity. */
    public Uni<Void> reconcile(SqlConnection tx, UUID userId, Instant activityAt) {
        Map<UUID, Instant> activity = new HashMap<>();
        activity.put(userId, activityAt);
        return reconcile(tx, activity);
    }

    /**
     * Re-decides these users inside the caller's transaction, in three round trips whatever their number (their rows
     * locked, their live sessions counted, the decisions stored), then tells others of each change. A user's value is
     * their latest activity, or null.
     */
    public Uni<Void> reconcile(SqlConnection tx, Map<UUID, Instant> activityByUser) {
        List<UUID> users = new ArrayList<>(activityByUser.keySet());
        return presence.lock(tx, users)
                .chain(rows -> sessions.countLive(tx, users).map(live -> {
                    Map<UUID, PresenceDecision> decisions = new LinkedHashMap<>();
                    for (PresenceRow row : rows) {
                        decisions.put(row.userId(), PresenceDecision.decide(row, live.getOrDefault(row.userId(), 0L),
                                activityByUser.get(row.userId()), config.gracePeriod()));
                    }
                    return decisions;
                }))
                .chain(decisions -> presence.save(tx, decisions).chain(() -> published(decisions.values())));
    }

    /** Each change's {@code presence.updated}, all sent at once (in user order) and acknowledged. */
    private Uni<Void> published(Collection<PresenceDecision> decisions) {
        List<Uni<Void>> sends = decisions.stream().filter(PresenceDecision::changed)
                .map(decision -> publisher.updated(decision.shown())
                        .invoke(() -> metrics.presenceChanged(decision.shown().status())))
                .toList();
        return sends.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** Each user in a transaction of their own, one after the other. */
    public Uni<Void> reconcileEach(List<UUID> userIds) {
        return Multi.createFrom().iterable(userIds)
                .onItem().transformToUniAndConcatenate(userId -> pool.withTransaction(tx -> reconcile(tx, userId, null)))
                .collect().last().replaceWithVoid();
    }

    /** Applies a user's {@code presence.set} (a later choice already applied wins) and re-decides. */
    public Uni<Void> choose(SqlConnection tx, SessionEvents.PresenceSet set) {
        return presence.lock(tx, List.of(set.userId()))
                .chain(() -> presence.choose(tx, set))
                .chain(() -> reconcile(tx, set.userId(), set.at()));
    }

    /** Users past the grace period go offline: several instances may sweep, the row lock keeps it to one event. */
    public Uni<Void> sweepDueOffline() {
        return presence.dueOffline(pool, config.gracePeriod(), config.sweepBatch()).chain(this::reconcileEach);
    }

    /** What others see of these users, in the order asked; a user never seen is offline. */
    public Uni<List<PresenceState>> shown(List<UUID> userIds) {
        return presence.shown(pool, userIds).map((Map<UUID, PresenceState> known) -> userIds.stream()
                .map(id -> known.getOrDefault(id, PresenceState.unknown(id)))
                .toList());
    }
}
