package io.parley.chat.slash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.UnitOfWork;
import io.parley.chat.slash.SlashRepository.InvocationRow;
import io.parley.chat.webhooks.BotPoster;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.ConflictException;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The invoked bot's one answer to an invocation, within the response window. Ephemeral: a {@code command.response}
 * user event to the caller's sockets only, not stored as a message. Public: a message by the bot through
 * {@link BotPoster} (a send's path: seq, fan-out), once per invocation (clientMsgId {@code slash:<invocationId>}).
 * <p>
 * A public answer is recorded before it is posted: when the post fails (the bot left, PostgreSQL was down), the
 * bot's next public answer posts the recorded text again instead of being refused, and the dedupe on clientMsgId
 * keeps it to one message.
 */
@ApplicationScoped
public class SlashResponder {

    private final UnitOfWork work;
    private final AccessPolicy access;
    private final SlashRepository commands;
    private final ChannelEventLog log;
    private final BotPoster poster;
    private final SlashMetrics metrics;
    private final Duration window;

    public SlashResponder(UnitOfWork work, AccessPolicy access, SlashRepository commands, ChannelEventLog log,
            BotPoster poster, SlashMetrics metrics, SlashConfig config) {
        this.work = work;
        this.access = access;
        this.commands = commands;
        this.log = log;
        this.poster = poster;
        this.metrics = metrics;
        this.window = config.responseWindow();
    }

    /** @return {@code {invocationId, ephemeral}}, and a public answer's {@code messageId, seq, createdAt} */
    public Uni<ObjectNode> respond(Caller bot, UUID invocationId, String text, boolean ephemeral) {
        return work.commit(tx -> commands.lockInvocation(tx, invocationId).chain(found -> {
            // another bot's invocation does not exist for this caller
            InvocationRow invocation = found.filter(row -> row.botId().equals(bot.userId()))
                    .orElseThrow(() -> new NotFoundException("no such invocation"));
            if (invocation.respondedAt() != null) {
                if (!ephemeral && Boolean.FALSE.equals(invocation.ephemeral()) && invocation.messageId() == null) {
                    return Uni.createFrom().item(invocation); // the recorded public answer was not posted yet
                }
                throw new ConflictException("this invocation was answered already");
            }
            if (invocation.createdAt().plus(window).isBefore(Instant.now())) {
                throw new ConflictException("this invocation expired: answers are accepted for "
                        + window.toMinutes() + " minutes");
            }
            return access.member(tx, invocation.channelId(), bot)
                    .chain(() -> commands.markResponded(tx, invocation.id(), ephemeral, text))
                    .chain(() -> ephemeral ? toCaller(tx, invocation, text) : Uni.createFrom().voidItem())
                    .replaceWith(new InvocationRow(invocation.id(), invocation.channelId(), invocation.command(),
                            invocation.botId(), invocation.userId(), invocation.clientMsgId(), invocation.args(),
                            invocation.createdAt(), Instant.now(), ephemeral, text, null));
        })).chain(answered -> {
            ObjectNode answer = Json.object();
            answer.put("invocationId", invocationId.toString());
            answer.put("ephemeral", ephemeral);
            if (ephemeral) {
                metrics.response(true);
                return Uni.createFrom().item(answer);
            }
            return post(answered).map(posted -> {
                metrics.response(false);
                answer.put("messageId", posted.messageId().toString());
                answer.put("seq", posted.seq());
                answer.put("createdAt", posted.createdAt());
                return answer;
            });
        });
    }

    private Uni<Void> toCaller(SqlConnection tx, InvocationRow invocation, String text) {
        ObjectNode d = Json.object();
        d.put("invocationId", invocation.id().toString());
        d.put("channelId", invocation.channelId().toString());
        d.put("command", invocation.command());
        d.put("botId", invocation.botId().toString());
        d.put("text", text);
        d.put("ephemeral", true);
        return log.toUser(tx, invocation.userId(), SlashEvents.COMMAND_RESPONSE, d);
    }

    /** The recorded public answer as the bot's message; the view says which invocation it answers. */
    private Uni<BotPoster.Posted> post(InvocationRow invocation) {
        ObjectNode extras = Json.object();
        ObjectNode about = extras.putObject("invocation");
        about.put("id", invocation.id().toString());
        about.put("command", invocation.command());
        about.put("userId", invocation.userId().toString());
        return poster.post(invocation.channelId(), invocation.botId(), invocation.responseText(),
                        "slash:" + invocation.id(), extras)
                .call(posted -> work.commit(tx -> commands.setMessage(tx, invocation.id(), posted.messageId())));
    }
}
