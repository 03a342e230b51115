package io.parley.chat.service.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.CommandPayloads.Delete;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.MessageRepository;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.BatchReads;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.PayloadReader;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.kit.caller.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.util.UUID;

/** {@code delete}: by its author (a member), a channel owner or moderator, or a global admin. */
@Singleton
public class DeleteHandler extends MessageCommandHandler {

    public DeleteHandler(PayloadReader reader, AccessPolicy access, LiveMessages live, MessageRepository messages,
            ChannelEventLog log) {
        super(reader, access, live, messages, log);
    }

    @Override
    public String op() {
        return ChatCommands.DELETE;
    }

    @Override
    public Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads) {
        Delete delete = reader.read(command.d(), Delete.class);
        UUID channelId = FieldRules.required("channelId", delete.channelId());
        UUID messageId = FieldRules.required("messageId", delete.messageId());
        Caller caller = command.caller();
        return access.visible(tx, channelId, caller)
                .chain(m -> live.find(tx, channelId, messageId).invoke(head -> {
                    boolean author = m.isMember() && head.senderId().equals(caller.userId());
                    if (!author) {
                        access.requireModerator(m, caller);
                    }
                }))
                .chain(() -> messages.markDeleted(tx, messageId))
                .chain(() -> log.append(tx, channelId, ChatEvents.MESSAGE_DELETED, seq -> {
                    ObjectNode d = Json.object();
                    d.put("messageId", messageId.toString());
                    d.put("deletedBy", caller.userId().toString());
                    return d;
                }))
                .map(seq -> CommandOutcome.ok(LiveMessages.seqReply(seq)));
    }
}
