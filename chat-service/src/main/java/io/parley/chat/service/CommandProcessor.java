package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.config.ChatConfig;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandFailedException;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.repository.ProcessedCommandRepository;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.kit.bans.BannedUsers;
import io.parley.kit.error.ApiException;
import io.parley.kit.error.ForbiddenException;
import io.parley.kit.error.InvalidException;
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies client operations, many per transaction: the one code path of {@code chat.commands} batches and of
 * REST's send. A command that was applied before (same envelope id) gets its stored reply and changes nothing.
 */
@ApplicationScoped
public class CommandProcessor {

    private static final Logger LOG = Logger.getLogger(CommandProcessor.class);

    private final Pool pool;
    private final Map<String, CommandHandler> handlers;
    private final ProcessedCommandRepository processed;
    private final BatchReader reader;
    private final ChannelEventLog log;
    private final OutboxRelay relay;
    private final BannedUsers banned;
    private final DatabaseWait health;
    private final CommandMetrics metrics;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public CommandProcessor(Pool pool, Instance<CommandHandler> handlers, ProcessedCommandRepository processed,
            BatchReader reader, ChannelEventLog log, OutboxRelay relay, BannedUsers banned, DatabaseWait health,
            CommandMetrics metrics, ChatConfig config) {
        this.pool = pool;
        this.handlers = handlers.stream().collect(Collectors.toMap(CommandHandler::op, Function.identity()));
        this.processed = processed;
        this.reader = reader;
        this.log = log;
        this.relay = relay;
        this.banned = banned;
        this.health = health;
        this.metrics = metrics;
        this.minBackoff = config.retry().minBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    /** Asks the relay to publish what is committed, without waiting for it (see {@link OutboxRelay#requestDrain}). */
    public void requestPublish() {
        relay.requestDrain();
    }

    /**
     * The REST path, the same transaction code: a client is waiting, so an outage fails it fast as UNAVAILABLE.
     * The send's event follows on chat.events; a relay failure does not fail the committed send.
     */
    public Uni<CommandOutcome> processNow(Command command) {
        return commitOnce(List.of(command))
                .onFailure(TransientFailures::isTransient).retry().withBackOff(minBackoff, maxBackoff).atMost(2)
                .onFailure(TransientFailures::isTransient).transform(e -> new UnavailableException("the database is unavailable"))
                .invoke(relay::requestDrain)
                .map(outcomes -> outcomes.get(0));
    }

    /** Commits the batch's effects and outbox rows without publishing them (the relay does). */
    public Uni<List<CommandOutcome>> commitDurably(List<Command> commands) {
        metrics.batch(commands.size());
        return Uni.createFrom().deferred(() -> commitOnce(commands))
                .onFailure(TransientFailures::isTransient).invoke(e -> {
                    health.waiting("PostgreSQL: " + e.getClass().getSimpleName());
                    metrics.retried();
                    LOG.warnf("commands wait for PostgreSQL, retrying: %s", e.getMessage());
                })
                .onFailure(TransientFailures::isTransient).retry().withBackOff(minBackoff, maxBackoff).indefinitely()
                .invoke(health::recovered);
    }

    /** One attempt: the batch in one transaction, or, when something in it is broken, each command on its own. */
    private Uni<List<CommandOutcome>> commitOnce(List<Command> commands) {
        return inTransaction(commands).onFailure(e -> !TransientFailures.isTransient(e)).recoverWithUni(e -> {
            LOG.errorf(e, "batch of %d commands failed; applying them one by one", commands.size());
            metrics.split();
            return oneByOne(commands);
        });
    }

    private Uni<List<CommandOutcome>> oneByOne(List<Command> commands) {
        return Multi.createFrom().iterable(commands)
                .onItem().transformToUniAndConcatenate(command -> inTransaction(List.of(command))
                        .map(outcomes -> outcomes.get(0))
                        // once more: a concurrent retry of the same send loses the unique race, then finds the first
                        .onFailure(e -> !TransientFailures.isTransient(e)).retry().atMost(1)
                        .onFailure(e -> !TransientFailures.isTransient(e)).recoverWithItem(e -> {
                            LOG.errorf(e, "command %s (%s) failed", command.id(), command.op());
                            return CommandOutcome.failed(new CommandFailedException("the command could not be applied"));
                        }))
                .collect().asList();
    }

    /**
     * The batch in one transaction. Each channel's commands run in batch order, one after the other (their seq
     * follows that order); different channels run side by side, so their statements are pipelined on the one
     * connection instead of each waiting for the previous round trip. Outcomes come back in batch order.
     */
    private Uni<List<CommandOutcome>> inTransaction(List<Command> commands) {
        List<String> ids = commands.stream().map(Command::id).filter(id -> id != null).distinct().toList();
        Map<String, List<Integer>> lanes = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            lanes.computeIfAbsent(lane(commands.get(i)), k -> new ArrayList<>()).add(i);
        }
        BatchReads.Plan plan = new BatchReads.Plan();
        for (Command command : commands) {
            CommandHandler handler = handlers.get(command.op());
            if (handler != null) {
                handler.plan(command, plan);
            }
        }
        // the dedupe by envelope id and the batch's reads go out together, pipelined on the connection
        return pool.withTransaction(tx -> Uni.combine().all().unis(processed.find(tx, ids), reader.read(tx, plan))
                .asTuple()
                .chain(read -> applyInLanes(tx, commands, lanes.values(), read.getItem1(), read.getItem2())));
    }

    private Uni<List<CommandOutcome>> applyInLanes(SqlConnection tx, List<Command> commands,
            Iterable<List<Integer>> lanes, Map<String, ObjectNode> known, BatchReads reads) {
        // touched only from the connection's context: the lanes interleave, they never run in parallel
        Map<String, ObjectNode> applied = new LinkedHashMap<>();
        Map<String, CommandOutcome> seen = new HashMap<>();
        CommandOutcome[] outcomes = new CommandOutcome[commands.size()];
        return Multi.createFrom().iterable(lanes)
                .onItem().transformToUniAndMerge(lane -> Multi.createFrom().iterable(lane)
                        .onItem().transformToUniAndConcatenate(index -> {
                            Command command = commands.get(index);
                            return applyOnce(tx, command, known, seen, applied, reads)
                                    .invoke(outcome -> outcomes[index] = outcome);
                        })
                        .collect().last())
                .collect().last()
                .call(() -> log.flush(tx, reads))
                .call(() -> processed.insert(tx, applied))
                .map(ignored -> Arrays.asList(outcomes));
    }

    /** Commands of one channel share a lane; a command without a channel id gets the lane of the empty id. */
    private static String lane(Command command) {
        return command.d() == null ? "" : command.d().path("channelId").asText("");
    }

    private Uni<CommandOutcome> applyOnce(SqlConnection tx, Command command, Map<String, ObjectNode> known,
            Map<String, CommandOutcome> seen, Map<String, ObjectNode> applied, BatchReads reads) {
        if (command.id() != null && known.containsKey(command.id())) {
            return Uni.createFrom().item(CommandOutcome.replayed(known.get(command.id())));
        }
        if (command.id() != null && seen.containsKey(command.id())) {
            return Uni.createFrom().item(seen.get(command.id()));
        }
        return apply(tx, command, reads).invoke(outcome -> {
            if (command.id() != null) {
                seen.put(command.id(), outcome);
                applied.put(command.id(), outcome.reply());
            }
        });
    }

    private Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads) {
        CommandHandler handler = handlers.get(command.op());
        return Uni.createFrom().deferred(() -> {
                    if (handler == null) {
                        throw new InvalidException("unknown op " + command.op());
                    }
                    if (banned.isBanned(command.caller().userId())) {
                        throw new ForbiddenException("the user is banned");
                    }
                    // a send inserts its rows with the batch's others (PendingSends); any other command may read or
                    // change them, so they are inserted before it runs
                    return handler.op().equals(ChatCommands.SEND) ? handler.apply(tx, command, reads)
                            : log.flush(tx, reads).chain(() -> handler.apply(tx, command, reads));
                })
                .onFailure(ApiException.class).recoverWithItem(e -> CommandOutcome.failed((ApiException) e))
                .invoke(outcome -> metrics.applied(handler == null ? "unknown" : command.op(), outcome));
    }
}
