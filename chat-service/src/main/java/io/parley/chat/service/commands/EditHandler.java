package io.parley.chat.service.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.CommandPayloads.Edit;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;
import io.parley.chat.repository.MessageRepository;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.BatchReads;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.PayloadReader;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.kit.error.ForbiddenException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.util.UUID;

/** {@code edit}: the author replaces the text; announced as message.updated with the message's new state. */
@Singleton
public class EditHandler extends MessageCommandHandler {

    public EditHandler(PayloadReader reader, AccessPolicy access, LiveMessages live, MessageRepository messages,
            ChannelEventLog log) {
        super(reader, access, live, messages, log);
    }

    @Override
    public String op() {
        return ChatCommands.EDIT;
    }

    @Override
    public Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads) {
        Edit edit = reader.read(command.d(), Edit.class);
        UUID channelId = FieldRules.required("channelId", edit.channelId());
        UUID messageId = FieldRules.required("messageId", edit.messageId());
        String text = FieldRules.text(edit.text(), false);
        return access.member(tx, channelId, command.caller())
                .chain(() -> live.find(tx, channelId, messageId))
                .invoke(head -> {
                    if (!head.senderId().equals(command.caller().userId())) {
                        throw new ForbiddenException("only the author may edit a message");
                    }
                })
                .chain(() -> messages.updateText(tx, messageId, text, WireTime.now()))
                .chain(() -> messages.view(tx, messageId))
                .chain(view -> log.append(tx, channelId, ChatEvents.MESSAGE_UPDATED, seq -> {
                    ObjectNode d = Json.object();
                    d.set("message", view.orElseThrow());
                    return d;
                }))
                .map(seq -> CommandOutcome.ok(LiveMessages.seqReply(seq)));
    }
}
