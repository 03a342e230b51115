package io.parley.chat.slash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.slash.SlashRepository.InvocationRow;
import io.parley.chat.slash.SlashText.Invocation;
import io.parley.kit.caller.Caller;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * A {@code send} whose text is {@code /name args…}, inside the send's transaction: no message and no seq, an
 * invocation row and a {@code command.invoked} user event to the command's bot instead. Idempotent per (caller,
 * clientMsgId) like a send: a retry answers the first invocation and invokes nothing.
 */
@ApplicationScoped
public class SlashInvoker {

    private final AccessPolicy access;
    private final SlashRepository commands;
    private final ChannelEventLog log;
    private final SlashMetrics metrics;

    public SlashInvoker(AccessPolicy access, SlashRepository commands, ChannelEventLog log, SlashMetrics metrics) {
        this.access = access;
        this.commands = commands;
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * @return the send's outcome: {@code ok} {@code {invocationId, command}}, which is also the REST answer's body
     */
    public Uni<CommandOutcome> invoke(SqlConnection tx, UUID channelId, Caller caller, String clientMsgId,
            Invocation invocation, String text, boolean hasAttachments) {
        if (hasAttachments) {
            throw new InvalidException("a slash command takes no attachments (start with // to post the text)");
        }
        return commands.invocationOf(tx, caller.userId(), clientMsgId).chain(first -> {
            if (first.isPresent()) {
                metrics.invocation("replayed");
                return Uni.createFrom().item(outcome(first.get().id(), first.get().command(), false));
            }
            return access.member(tx, channelId, caller)
                    .chain(() -> commands.find(tx, channelId, invocation.name()))
                    .chain(found -> {
                        if (found.isEmpty() || !found.get().live()) {
                            metrics.invocation("unknown");
                            throw new InvalidException("unknown command /" + invocation.name()
                                    + " (start with // to post the text)");
                        }
                        InvocationRow row = new InvocationRow(UUID.randomUUID(), channelId, invocation.name(),
                                found.get().botId(), caller.userId(), clientMsgId, invocation.args(), WireTime.now());
                        ObjectNode d = Json.object();
                        d.put("invocationId", row.id().toString());
                        d.put("channelId", channelId.toString());
                        d.put("command", row.command());
                        d.put("args", row.args());
                        d.put("userId", caller.userId().toString());
                        d.put("text", text);
                        return commands.insertInvocation(tx, row)
                                .call(() -> log.toUser(tx, row.botId(), SlashEvents.COMMAND_INVOKED, d))
                                .invoke(() -> metrics.invocation("invoked"))
                                .replaceWith(outcome(row.id(), row.command(), true));
                    });
        });
    }

    /** {@code message} carries the same body, so REST's send answers it (201 first, 200 for a retry). */
    private static CommandOutcome outcome(UUID invocationId, String command, boolean created) {
        ObjectNode ok = Json.object();
        ok.put("invocationId", invocationId.toString());
        ok.put("command", command);
        return CommandOutcome.sent(ok, ok.deepCopy(), created);
    }
}
