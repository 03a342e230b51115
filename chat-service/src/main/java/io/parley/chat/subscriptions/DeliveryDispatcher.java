package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.UserEventOutbox;
import io.parley.chat.service.TransientFailures;
import io.parley.chat.service.UnitOfWork;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the deliveries: each round takes the due heads of lanes (subscription, channel) up to the free slots of the
 * global concurrency bound, leases each, POSTs it and records the outcome; only a recorded success moves the lane to
 * its next row, so a lane is delivered strictly in seq order, at least once. A failure waits an exponential backoff
 * with jitter; repeated failures disable the subscription and tell its owner. State lives in the table: a restarted
 * instance resumes where it was (a lease left by a crash expires after the timeout and a margin).
 */
@ApplicationScoped
class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    /** A lease outlives its attempt by this much, so recording the outcome never races another instance. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    private final Pool pool;
    private final UnitOfWork work;
    private final DeliveryRepository deliveries;
    private final SubscriptionRepository subscriptions;
    private final UserEventOutbox userEvents;
    private final DeliverySender sender;
    private final SubscriptionMetrics metrics;
    private final SubscriptionConfig config;
    private final Duration lease;
    private final io.vertx.core.Vertx vertx;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean roundRunning = new AtomicBoolean();
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    private final DeliveredRecorder successes;

    DeliveryDispatcher(Pool pool, UnitOfWork work, DeliveryRepository deliveries, SubscriptionRepository subscriptions,
            UserEventOutbox userEvents, DeliverySender sender, SubscriptionMetrics metrics, SubscriptionConfig config,
            io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.pool = pool;
        this.work = work;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.userEvents = userEvents;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.lease = config.timeout().plus(LEASE_MARGIN);
        this.successes = new DeliveredRecorder(pool, deliveries);
    }

    /** Asks for a round soon; rounds never overlap, and one asked for during a round runs after it. */
    void wake() {
        roundRequested.set(true);
        if (roundRunning.compareAndSet(false, true)) {
            runRound();
        }
    }

    @Scheduled(every = "${parley.chat.subscriptions.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measurePending() {
        return deliveries.pending(pool).invoke(metrics::pending).onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return deliveries.purgeDelivered(pool, config.keepDelivered())
                .invoke(n -> LOG.debugf("purged %d delivered rows", n))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void runRound() {
        roundRequested.set(false);
        int free = config.concurrency() - inFlight.get();
        Uni<Void> round = free <= 0 ? Uni.createFrom().voidItem()
                : deliveries.claimDue(pool, free, lease).invoke(claimed -> claimed.forEach(this::start))
                        .replaceWithVoid();
        round.subscribe().with(done -> afterRound(), failure -> {
            LOG.warnf("delivery round failed, next round retries: %s", failure.getMessage());
            afterRound();
        });
    }

    private void afterRound() {
        roundRunning.set(false);
        if (roundRequested.get() && inFlight.get() < config.concurrency() && roundRunning.compareAndSet(false, true)) {
            runRound();
        }
    }

    private void start(DeliveryRepository.Attempt attempt) {
        inFlight.incrementAndGet();
        sender.send(attempt).chain(outcome -> record(attempt, outcome))
                .subscribe().with(done -> finished(), failure -> {
                    LOG.warnf("delivery %s: outcome not recorded, its lease expires and it is sent again: %s",
                            attempt.id(), failure.getMessage());
                    finished();
                });
    }

    private void finished() {
        inFlight.decrementAndGet();
        wake();
    }

    private Uni<Void> record(DeliveryRepository.Attempt attempt, DeliverySender.Outcome outcome) {
        metrics.attempted(outcome);
        if (outcome.delivered()) {
            return successes.record(attempt.id(), outcome.status());
        }
        Duration retryIn = backoff(attempt.attempt());
        Uni<Void> write = work.commit(tx -> deliveries.failed(tx, attempt.id(), outcome.status(), outcome.error(), retryIn)
                        .chain(() -> subscriptions.failed(tx, attempt.subscriptionId(), config.disableAfterFailures(),
                                "disabled after " + config.disableAfterFailures() + " failed deliveries in a row; last: "
                                        + outcome.error()))
                        .chain(disabled -> tellOwner(tx, disabled)))
                // the retry is due then: a round at that time, not only at the next poll
                .invoke(() -> vertx.setTimer(Math.max(1, retryIn.toMillis()), timer -> wake()));
        return write.onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5);
    }

    private Uni<Void> tellOwner(io.vertx.mutiny.sqlclient.SqlClient tx, Optional<SubscriptionRepository.Disabled> disabled) {
        if (disabled.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SubscriptionRepository.Disabled d = disabled.get();
        metrics.disabled();
        LOG.infof("subscription %s of bot %s disabled after %d failed deliveries in a row", d.subscriptionId(),
                d.botId(), config.disableAfterFailures());
        ObjectNode event = Json.object();
        event.put("subscriptionId", d.subscriptionId().toString());
        event.put("botId", d.botId().toString());
        event.put("reason", d.reason());
        return userEvents.insert(tx, d.notifyUser(), "subscription.disabled", event);
    }

    /** min × 2^(attempt-1), capped at max, then "equal jitter": half of it fixed, half random. */
    Duration backoff(int attempt) {
        long min = config.minBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long base = attempt >= 31 ? max : Math.min(max, min << Math.max(0, attempt - 1));
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
