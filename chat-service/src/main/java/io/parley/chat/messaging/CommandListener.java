package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.domain.Caller;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.InvalidRequest;
import io.parley.chat.service.CommandMetrics;
import io.parley.chat.service.CommandProcessor;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consumes {@code chat.commands}: what has arrived commits in one transaction, then the relay is asked to publish its
 * events and the replies are sent, and only then are the offsets acknowledged (committed by the throttled strategy).
 * Nothing here ever nacks an outage: it is waited out inside the processor.
 * <p>
 * The connector hands over one poll at a time, and under load a poll holds a few records: one transaction per poll
 * made each command wait behind a queue of small transactions (at 600 DMs/s, 3.9 commands per transaction and a
 * p50 of 22 ms between a command's send and the start of its transaction, against 6 ms for the transaction itself).
 * So polls are taken at once into a queue, and each round commits everything queued (up to
 * {@value #MAX_ROUND_COMMANDS} commands) in order; polls are acknowledged in order after their round. The queue is
 * bounded: above {@value #MAX_QUEUED_COMMANDS} queued commands the connector is held back until a round takes them.
 */
@ApplicationScoped
public class CommandListener {

    private static final Logger LOG = Logger.getLogger(CommandListener.class);
    static final int MAX_ROUND_COMMANDS = 500;
    static final int MAX_QUEUED_COMMANDS = 2000;

    private final CommandProcessor processor;
    private final ReplyPublisher replies;
    private final CommandMetrics metrics;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Queue<Poll> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedCommands = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    /** The connector's wait for room in the queue, when it is full (it hands over one poll at a time). */
    private final AtomicReference<CompletableFuture<Void>> room = new AtomicReference<>();

    public CommandListener(CommandProcessor processor, ReplyPublisher replies, CommandMetrics metrics,
            @ConfigProperty(name = "parley.chat.retry.min-backoff") Duration minBackoff,
            @ConfigProperty(name = "parley.chat.retry.max-backoff") Duration maxBackoff) {
        this.processor = processor;
        this.replies = replies;
        this.metrics = metrics;
        metrics.queueDepth(queuedCommands);
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** One poll's records, parsed, waiting for a round. */
    private record Poll(KafkaRecordBatch<String, String> batch, List<Command> commands, List<Command> malformed,
            long[] producedAtMs) {
    }

    @Incoming("chat-commands")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Command> commands = new ArrayList<>();
        List<Command> malformed = new ArrayList<>();
        List<KafkaRecord<String, String>> records = batch.getRecords();
        long[] producedAtMs = new long[records.size()];
        int i = 0;
        for (KafkaRecord<String, String> record : records) {
            producedAtMs[i++] = record.getTimestamp() == null ? -1 : record.getTimestamp().toEpochMilli();
            parse(record.getPayload(), commands, malformed);
        }
        queued.add(new Poll(batch, commands, malformed, producedAtMs));
        int size = queuedCommands.addAndGet(commands.size() + malformed.size());
        Uni<Void> admitted = Uni.createFrom().voidItem();
        if (size >= MAX_QUEUED_COMMANDS) {
            CompletableFuture<Void> wait = new CompletableFuture<>();
            room.set(wait);
            if (queuedCommands.get() < MAX_QUEUED_COMMANDS) {
                wait.complete(null);
            }
            admitted = Uni.createFrom().completionStage(wait);
        }
        runRounds();
        return admitted;
    }

    /** Starts a round unless one is running; the running one starts the next when it ends. */
    private void runRounds() {
        if (!queued.isEmpty() && running.compareAndSet(false, true)) {
            List<Poll> round = take();
            process(round).subscribe().with(done -> afterRound(round), failure -> {
                LOG.errorf(failure, "a round of %d polls failed; its commands are skipped", round.size());
                round.forEach(poll -> poll.batch().nack(failure));
                afterRound(round);
            });
        }
    }

    /** Makes room for the connector (the round's commands have left the queue) and starts the next round. */
    private void afterRound(List<Poll> round) {
        int taken = round.stream().mapToInt(poll -> poll.commands().size() + poll.malformed().size()).sum();
        if (queuedCommands.addAndGet(-taken) < MAX_QUEUED_COMMANDS) {
            CompletableFuture<Void> wait = room.getAndSet(null);
            if (wait != null) {
                wait.complete(null);
            }
        }
        running.set(false);
        runRounds();
    }

    /** Every queued poll in order, up to MAX_ROUND_COMMANDS commands (at least one poll). */
    private List<Poll> take() {
        List<Poll> round = new ArrayList<>();
        int commands = 0;
        for (Poll next = queued.peek(); next != null; next = queued.peek()) {
            int size = next.commands().size() + next.malformed().size();
            if (!round.isEmpty() && commands + size > MAX_ROUND_COMMANDS) {
                break;
            }
            round.add(queued.poll());
            commands += size;
        }
        return round;
    }

    private Uni<Void> process(List<Poll> round) {
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        List<Command> commands = new ArrayList<>();
        List<Command> malformed = new ArrayList<>();
        for (Poll poll : round) {
            commands.addAll(poll.commands());
            malformed.addAll(poll.malformed());
            for (long producedAt : poll.producedAtMs()) {
                if (producedAt >= 0) {
                    metrics.queued(producedAt, now);
                }
            }
        }
        Uni<Void> invalidReplies = malformed.isEmpty() ? Uni.createFrom().voidItem()
                : replies.reply(malformed, malformed.stream()
                        .map(c -> CommandOutcome.failed(new InvalidRequest("malformed command"))).toList());
        // once committed, the relay is asked to publish the events and the replies go out: a reply waits for its
        // commit, never for the relay (the client takes whichever of ok and its event arrives first). The offsets
        // wait for the replies only: the events are durable in the outbox, which the relay publishes even after a
        // crash, so the next round does not wait for a Kafka transaction
        Uni<Void> work = commands.isEmpty() ? Uni.createFrom().voidItem()
                : processor.commitDurably(commands).invoke(processor::requestPublish)
                        .chain(outcomes -> replies.reply(commands, outcomes)
                                .onFailure().invoke(e -> LOG.warnf("replies not sent, retrying: %s", e.getMessage()))
                                .onFailure().retry().withBackOff(minBackoff, maxBackoff).indefinitely());
        return invalidReplies.onFailure().recoverWithNull()
                .chain(() -> work)
                .chain(() -> acknowledge(round))
                .invoke(() -> metrics.batchDone(started));
    }

    /** Acknowledges the round's polls in order. */
    private static Uni<Void> acknowledge(List<Poll> round) {
        CompletableFuture<Void> acked = CompletableFuture.completedFuture(null);
        for (Poll poll : round) {
            acked = acked.thenCompose(ignored -> poll.batch().ack());
        }
        return Uni.createFrom().completionStage(acked);
    }

    /** A record that is not an envelope is logged and skipped; one with an address but a bad shape is INVALID. */
    private static void parse(String value, List<Command> commands, List<Command> malformed) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a chat.commands record that is not an envelope: %s", e.getMessage());
            return;
        }
        JsonNode data = envelope.data();
        Command.ReplyAddress address = address(data == null ? null : data.get("reply"));
        try {
            UUID userId = UUID.fromString(data.path("userId").asText());
            boolean admin = false;
            for (JsonNode role : data.path("roles")) {
                admin |= "admin".equals(role.asText());
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

    private static Command.ReplyAddress address(JsonNode reply) {
        if (reply == null || !reply.hasNonNull("instance")) {
            return null;
        }
        return new Command.ReplyAddress(reply.path("instance").asText(), reply.path("connectionId").asText(null),
                reply.path("frameId").asText(null));
    }
}
