package io.parley.chat.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.chat.messaging.EventPublisher;
import io.parley.chat.repository.ChannelEventRepository;
import io.parley.chat.repository.UserEventOutbox;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outboxes: unpublished channel events in seq order per channel and user events, one Kafka transaction
 * per round, and marks them published in the same PostgreSQL transaction that holds the lock. One relay round at a
 * time in the whole cluster (a PostgreSQL advisory lock), so a channel's events never overtake each other. A crash
 * before Kafka's commit leaves an aborted transaction, invisible to read_committed readers, and the rows unmarked:
 * they are published once after restart. Only a crash between Kafka's commit and PostgreSQL's republishes the same
 * (channel, seq) (consumers drop it by seq); none is ever skipped.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock in the chat database. */
    private static final long RELAY_LOCK = 0x70617260L;
    private static final int ROUND = 500;
    private static final String WAIT_FOR_LOCK = "SELECT pg_advisory_xact_lock($1), true AS locked";

    private final Pool pool;
    private final ChannelEventRepository channelEvents;
    private final UserEventOutbox userEvents;
    private final EventPublisher publisher;
    private final Counter relayedChannelEvents;
    private final Counter relayedUserEvents;
    private final Timer relayDelay;
    /** Rows the last round found unpublished (both outboxes, each capped at one round). */
    private final AtomicLong pending = new AtomicLong();
    /** A round was asked for since the current requested round started. */
    private final AtomicBoolean requested = new AtomicBoolean();
    /** A requested round is running in this instance. */
    private final AtomicBoolean running = new AtomicBoolean();

    public OutboxRelay(Pool pool, ChannelEventRepository channelEvents, UserEventOutbox userEvents,
            EventPublisher publisher, MeterRegistry registry) {
        this.pool = pool;
        this.channelEvents = channelEvents;
        this.userEvents = userEvents;
        this.publisher = publisher;
        this.relayedChannelEvents = Counter.builder("parley.chat.outbox.relayed").tag("topic", "chat.events")
                .description("Channel events published from the outbox").register(registry);
        this.relayedUserEvents = Counter.builder("parley.chat.outbox.relayed").tag("topic", "user.events")
                .description("User events published from the outbox").register(registry);
        // from the event row's creation (created_at = now() of the command's transaction, PostgreSQL's clock) to
        // Kafka's acknowledgement of the relay's transaction (this JVM's clock): the outbox's share of delivery delay
        this.relayDelay = Timer.builder("parley.chat.outbox.relay.delay")
                .description("Time from a channel event's creation in the outbox to its publication on chat.events")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        Gauge.builder("parley.chat.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows the last relay round found unpublished (at most 500 per outbox)")
                .register(registry);
    }

    /**
     * Publishes everything committed so far; completes when it is all on Kafka and marked. Waits for a round running
     * elsewhere (the advisory lock).
     */
    public Uni<Void> drain() {
        return pool.withTransaction(tx -> lock(tx, WAIT_FOR_LOCK).chain(() -> round(tx)))
                .chain(full -> full ? drain() : Uni.createFrom().voidItem());
    }

    /**
     * Asks for what is committed to be published soon, without waiting for it: the command path goes on to its
     * replies and its next batch while the relay runs (a round is a Kafka transaction, ~10 ms, which every batch
     * would otherwise wait for). Rounds run one after another in this instance; a request made during a round gets
     * one more round after it, and requests in between share that round. A failed round is not retried here (a
     * Kafka outage must not spin): the next request, or the periodic round, publishes the rows it left.
     */
    public void requestDrain() {
        requested.set(true);
        if (running.compareAndSet(false, true)) {
            runRequested();
        }
    }

    private void runRequested() {
        requested.set(false);
        drain().subscribe().with(done -> afterRequested(), failure -> {
            LOG.warnf("outbox relay round failed, left to the next round: %s", failure.getMessage());
            running.set(false);
        });
    }

    private void afterRequested() {
        running.set(false);
        if (requested.get() && running.compareAndSet(false, true)) {
            runRequested();
        }
    }

    /** What a crash left unpublished goes out as soon as this instance is up. */
    void onStart(@Observes StartupEvent event) {
        relayLeftovers().subscribe().with(ignored -> { });
    }

    /** Leftovers: what a crash or a Kafka outage left unpublished goes out within a second of restart. */
    @Scheduled(every = "${parley.chat.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayLeftovers() {
        return drain().onFailure().recoverWithItem(e -> {
            LOG.warnf("outbox relay round failed, retried next round: %s", e.getMessage());
            return null;
        });
    }

    /** Takes the relay's advisory lock with one of the two queries below; true when it is held. */
    private Uni<Boolean> lock(SqlConnection tx, String query) {
        return tx.preparedQuery(query).execute(Tuple.of(RELAY_LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /**
     * One round under the lock: up to {@value #ROUND} channel events and {@value #ROUND} user events, published in one
     * Kafka transaction, then marked. @return true when either was full, so more may be waiting
     */
    private Uni<Boolean> round(SqlConnection tx) {
        return channelEvents.unpublished(tx, ROUND)
                .chain(channel -> userEvents.unpublished(tx, ROUND).chain(user -> {
                    pending.set(channel.size() + user.size());
                    if (channel.isEmpty() && user.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    return publisher.publish(channel, user)
                            .invoke(() -> {
                                Instant acked = Instant.now();
                                for (ChannelEventRepository.StoredEvent e : channel) {
                                    Duration delay = Duration.between(e.createdAt(), acked);
                                    relayDelay.record(delay.isNegative() ? Duration.ZERO : delay);
                                }
                            })
                            .chain(() -> channel.isEmpty() ? Uni.createFrom().voidItem()
                                    : channelEvents.markPublished(tx, channel))
                            .chain(() -> user.isEmpty() ? Uni.createFrom().voidItem()
                                    : userEvents.markPublished(tx, user))
                            .invoke(() -> {
                                relayedChannelEvents.increment(channel.size());
                                relayedUserEvents.increment(user.size());
                            })
                            .replaceWith(channel.size() == ROUND || user.size() == ROUND);
                }));
    }
}
