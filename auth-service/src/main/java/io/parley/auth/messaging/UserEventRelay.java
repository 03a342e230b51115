package io.parley.auth.messaging;

import io.parley.auth.repository.UserOutboxRepository;
import io.parley.auth.repository.UserOutboxRepository.PendingRecord;
import io.parley.auth.service.AuthMetrics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the outbox to the compacted topic auth.users in outbox order, then marks the rows published. Runs right
 * after each change and on a timer (for rows left by a crash or a Kafka outage). One relay at a time across all
 * instances (an advisory lock), so a user's records never overtake each other.
 */
@ApplicationScoped
public class UserEventRelay {

    private static final Logger LOG = Logger.getLogger(UserEventRelay.class);
    private static final int BATCH = 200;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final Pool pool;
    private final UserOutboxRepository repository;
    private final MutinyEmitter<String> emitter;
    private final AuthMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    public UserEventRelay(Pool pool, UserOutboxRepository repository,
            @Channel("auth-users") MutinyEmitter<String> emitter, AuthMetrics metrics) {
        this.pool = pool;
        this.repository = repository;
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /** Asks for a relay pass; a pass already running picks the request up when it ends. */
    public void trigger() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        relayBatch().subscribe().with(published -> {
            running.set(false);
            if (published == BATCH || requested.get()) {
                trigger();
            }
        }, failure -> {
            running.set(false);
            LOG.warnf("auth.users relay failed, retrying on the next poll: %s", failure.toString());
        });
    }

    // not before start-up has finished: until then the Kafka channel is not wired to the emitter
    @Scheduled(every = "${parley.auth.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        trigger();
    }

    /** One pass: publishes up to BATCH records and marks them; 0 when none, or when another relay holds the lock. */
    Uni<Integer> relayBatch() {
        return pool.withTransaction(conn -> repository.tryLockRelay(conn).chain(locked -> {
            if (!locked) {
                return Uni.createFrom().item(0);
            }
            return repository.findUnpublished(conn, BATCH).chain(records -> {
                if (records.isEmpty()) {
                    return Uni.createFrom().item(0);
                }
                // subscribed in list order, so the producer sends them in outbox order
                List<Uni<Void>> sends = records.stream().map(this::send).toList();
                return Uni.join().all(sends).andFailFast()
                        .ifNoItem().after(SEND_TIMEOUT).fail()
                        .chain(() -> repository.markPublished(conn, records.stream().map(PendingRecord::id).toList()))
                        .invoke(() -> metrics.userEventsPublished(records.size()))
                        .replaceWith(records.size());
            });
        }));
    }

    private Uni<Void> send(PendingRecord record) {
        Message<String> message = Message.of(record.envelopeJson())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.userId().toString()).build());
        return emitter.sendMessage(message);
    }
}
