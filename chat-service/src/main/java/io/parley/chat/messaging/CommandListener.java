package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.config.ChatConfig;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.service.CommandMetrics;
import io.parley.chat.service.CommandProcessor;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.data.ReplyAddress;
import io.parley.kit.caller.Caller;
import io.parley.kit.caller.CallerResolver;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Consumes {@code chat.commands} in rounds: every poll that arrived while the previous round ran is applied as one
 * batch in one transaction, then its events are published and the replies sent (side by side, and beside the next
 * round's transaction), and only then are the polls' offsets acknowledged (committed by the throttled strategy).
 * Nothing here ever nacks: an outage is waited out inside the processor.
 */
@ApplicationScoped
public class CommandListener {

    private static final Logger LOG = Logger.getLogger(CommandListener.class);

    /** Queued records beyond which {@link #consume} holds the connector back until its batch is taken. */
    static final int MAX_QUEUED = 1000;
    /** The most records a round takes (whole polls; a poll larger than this still goes in a round of its own). */
    static final int MAX_ROUND = 500;

    private final CommandProcessor processor;
    private final CommandMetrics metrics;
    private final ReplyPublisher replies;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    /** Polls not yet taken into a round, in arrival order; guarded by this. */
    private final Deque<Queued> queue = new ArrayDeque<>();
    private int queuedRecords;
    /** A round is running (or starting); guarded by this. */
    private boolean running;
    /** The last committed round's replies and acknowledgements; set by the rounds, which run one at a time. */
    private volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public CommandListener(CommandProcessor processor, CommandMetrics metrics, ReplyPublisher replies,
            ChatConfig config) {
        this.processor = processor;
        this.metrics = metrics;
        this.replies = replies;
        this.minBackoff = config.retry().minBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    /**
     * Takes a poll's batch into the queue and returns at once while the queue is short, so the connector hands over
     * the polls it has buffered and the next round takes all of them (see {@link #runRounds}). Beyond
     * {@value #MAX_QUEUED} queued records it returns once this batch is taken into a round: the connector then stops
     * delivering, buffers up to its own bound and pauses the partitions.
     */
    @Incoming("chat-commands")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        Queued queued = new Queued(batch);
        boolean start;
        boolean full;
        synchronized (this) {
            queue.add(queued);
            queuedRecords += queued.size;
            full = queuedRecords > MAX_QUEUED;
            start = !running;
            running = true;
        }
        if (start) {
            runRounds();
        }
        return full ? Uni.createFrom().completionStage(queued.taken) : Uni.createFrom().voidItem();
    }

    /**
     * One round at a time: every batch queued when the round starts (up to {@value #MAX_ROUND} records, whole polls)
     * is applied as one batch; when the round is done the next takes what queued meanwhile. Without this, the polls
     * the connector buffered while a batch was applied came one per round, each waiting for the ones before it.
     * A round is done once committed: its replies and acknowledgements (its tail) run while the next round commits,
     * which starts once the tail before it is done too, so at most one tail is ever outstanding.
     */
    private void runRounds() {
        List<Queued> round = new ArrayList<>();
        synchronized (this) {
            int records = 0;
            while (!queue.isEmpty() && (round.isEmpty() || records + queue.peek().size <= MAX_ROUND)) {
                Queued next = queue.poll();
                records += next.size;
                round.add(next);
            }
            queuedRecords -= records;
            if (round.isEmpty()) {
                running = false;
                return;
            }
        }
        round.forEach(q -> q.taken.complete(null));
        CompletableFuture<Void> before = tail;
        // deferred: a bug that throws while the round is built fails the round instead of stopping the rounds
        Uni.createFrom().deferred(() -> apply(round, before)).subscribe().with(mine -> {
            tail = mine;
            before.whenComplete((ignored, failure) -> runRounds());
        }, failure -> {
            // apply waits out outages, so only a bug gets here: the round's polls stay unacknowledged (the throttled
            // strategy reports them unhealthy after its max age) and are redelivered after a restart
            LOG.errorf(failure, "command round failed; its commands are left unacknowledged");
            before.whenComplete((ignored, f) -> runRounds());
        });
    }

    /**
     * The round's commands in one batch, committed in one transaction; then the relay is asked to publish the events.
     * Completes with the round's tail: once the previous round's tail is done, the replies sent, and once the broker
     * has them each poll's offsets acknowledged (committed by the throttled strategy).
     */
    private Uni<CompletableFuture<Void>> apply(List<Queued> round, CompletableFuture<Void> before) {
        List<Command> commands = new ArrayList<>();
        List<Command> malformed = new ArrayList<>();
        Instant now = Instant.now();
        for (Queued queued : round) {
            for (KafkaRecord<String, String> record : queued.batch) {
                parse(record.getPayload(), commands, malformed, now);
            }
        }
        Uni<Void> invalidReplies = malformed.isEmpty() ? Uni.createFrom().voidItem()
                : replies.reply(malformed, malformed.stream()
                        .map(c -> CommandOutcome.failed(new InvalidException("malformed command"))).toList());
        // once committed, the relay is asked to publish the events and the replies go out: a reply waits for its
        // commit, never for the relay (the client takes whichever of ok and its event arrives first). The offsets
        // wait for the replies only: the events are durable in the outbox, which the relay publishes even after a
        // crash, so the next round does not wait for a Kafka transaction
        long start = System.nanoTime();
        Uni<List<CommandOutcome>> commit = commands.isEmpty() ? Uni.createFrom().item(List.of())
                : processor.commitDurably(commands).invoke(processor::requestPublish)
                        .invoke(() -> metrics.committed(System.nanoTime() - start));
        return invalidReplies.onFailure().recoverWithNull()
                .chain(() -> commit)
                .map(outcomes -> {
                    long committedAt = System.nanoTime();
                    Uni<Void> sent = commands.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().deferred(() -> replies.reply(commands, outcomes))
                                    .onFailure().invoke(e -> LOG.warnf("replies not sent, retrying: %s", e.getMessage()))
                                    .onFailure().retry().withBackOff(minBackoff, maxBackoff).indefinitely()
                                    .invoke(() -> metrics.replied(System.nanoTime() - committedAt));
                    // the previous tail's outcome does not matter here: a failed one was logged where it failed
                    return before.handle((ignored, failure) -> null)
                            .thenCompose(ignored -> sent.subscribeAsCompletionStage())
                            .thenCompose(ignored -> CompletableFuture.allOf(round.stream()
                                    .map(q -> q.batch.ack().toCompletableFuture())
                                    .toArray(CompletableFuture[]::new)))
                            .whenComplete((ignored, failure) -> {
                                if (failure != null) {
                                    LOG.errorf(failure, "command round's replies or acknowledgements failed");
                                }
                            });
                });
    }

    /** A poll's batch waiting for its round; {@code taken} completes when a round takes it. */
    private static final class Queued {
        final KafkaRecordBatch<String, String> batch;
        final int size;
        final CompletableFuture<Void> taken = new CompletableFuture<>();

        Queued(KafkaRecordBatch<String, String> batch) {
            this.batch = batch;
            this.size = batch.getRecords().size();
        }
    }

    /**
     * A record that is not an envelope is logged and skipped; one with an address but a bad shape is INVALID. The
     * data ({@link io.parley.events.data.ChatCommand}) is read from the parsed tree field by field, not bound to the
     * record: binding would copy each command's {@code d} and allocate a record and a role list per command on the
     * hot path, for nothing the tree does not already give.
     */
    private void parse(String value, List<Command> commands, List<Command> malformed, Instant now) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a chat.commands record that is not an envelope: %s", e.getMessage());
            return;
        }
        metrics.waited(envelope.time(), now);
        JsonNode data = envelope.data();
        ReplyAddress address = address(data == null ? null : data.get("reply"));
        try {
            UUID userId = UUID.fromString(data.path("userId").asText());
            boolean admin = false;
            for (JsonNode role : data.path("roles")) {
                admin |= CallerResolver.ADMIN_ROLE.equals(role.asText());
            }
            Caller caller = new Caller(userId, data.path("username").asText(null), admin);
            commands.add(new Command(envelope.id(), envelope.type(), caller, data.get("d"), address));
        } catch (IllegalArgumentException | NullPointerException e) {
            if (address != null) {
                malformed.add(new Command(envelope.id(), envelope.type(), null, null, address));
            } else {
                LOG.warnf("skipping command %s without a valid user", envelope.id());
            }
        }
    }

    private static ReplyAddress address(JsonNode reply) {
        if (reply == null || !reply.hasNonNull("instance")) {
            return null;
        }
        return new ReplyAddress(reply.path("instance").asText(), reply.path("connectionId").asText(null),
                reply.path("frameId").asText(null));
    }
}
