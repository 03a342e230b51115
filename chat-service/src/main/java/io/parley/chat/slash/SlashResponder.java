package io.parley.chat.slash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.UnitOfWork;
import io.parley.chat.slash.SlashRepository.InvocationRow;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ConflictException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The invoked bot's one answer to an invocation, within the response window: ephemeral, a {@code command.response}
 * user event to the caller's sockets only (not stored as a message).
 */
@ApplicationScoped
public class SlashResponder {

    private final UnitOfWork work;
    private final AccessPolicy access;
    private final SlashRepository commands;
    private final ChannelEventLog log;
    private final SlashMetrics metrics;
    private final Duration window;

    public SlashResponder(UnitOfWork work, AccessPolicy access, SlashRepository commands, ChannelEventLog log,
            SlashMetrics metrics, SlashConfig config) {
        this.work = work;
        this.access = access;
        this.commands = commands;
        this.log = log;
        this.metrics = metrics;
        this.window = config.responseWindow();
    }

    /** @return {@code {invocationId, ephemeral}} */
    public Uni<ObjectNode> respond(Caller bot, UUID invocationId, String text, boolean ephemeral) {
        return work.commit(tx -> commands.lockInvocation(tx, invocationId).chain(found -> {
            // another bot's invocation does not exist for this caller
            InvocationRow invocation = found.filter(row -> row.botId().equals(bot.userId()))
                    .orElseThrow(() -> new NotFoundException("no such invocation"));
            if (invocation.respondedAt() != null) {
                throw new ConflictException("this invocation was answered already");
            }
            if (invocation.createdAt().plus(window).isBefore(Instant.now())) {
                throw new ConflictException("this invocation expired: answers are accepted for "
                        + window.toMinutes() + " minutes");
            }
            ObjectNode d = Json.object();
            d.put("invocationId", invocation.id().toString());
            d.put("channelId", invocation.channelId().toString());
            d.put("command", invocation.command());
            d.put("botId", bot.userId().toString());
            d.put("text", text);
            d.put("ephemeral", true);
            return access.member(tx, invocation.channelId(), bot)
                    .chain(() -> commands.markResponded(tx, invocation.id(), true, text))
                    .chain(() -> log.toUser(tx, invocation.userId(), SlashEvents.COMMAND_RESPONSE, d));
        })).invoke(() -> metrics.response(true)).map(ignored -> {
            ObjectNode answer = Json.object();
            answer.put("invocationId", invocationId.toString());
            answer.put("ephemeral", true);
            return answer;
        });
    }
}
