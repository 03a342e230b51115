package io.parley.chat.service.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.CommandPayloads.React;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.MessageRepository;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.BatchReads;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.PayloadReader;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.events.EventTypes.ChatEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * {@code react}: a member adds or removes their emoji on a message. Adding what is there (or removing what is not)
 * logs no event and answers the channel's current last seq.
 */
@Singleton
public class ReactHandler extends MessageCommandHandler {

    public ReactHandler(PayloadReader reader, AccessPolicy access, LiveMessages live, MessageRepository messages,
            ChannelEventLog log) {
        super(reader, access, live, messages, log);
    }

    @Override
    public String op() {
        return ChatCommands.REACT;
    }

    @Override
    public Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads) {
        React react = reader.read(command.d(), React.class);
        UUID channelId = FieldRules.required("channelId", react.channelId());
        UUID messageId = FieldRules.required("messageId", react.messageId());
        String emoji = FieldRules.emoji(react.emoji());
        boolean add = FieldRules.required("add", react.add());
        UUID userId = command.caller().userId();
        return access.member(tx, channelId, command.caller())
                .chain(m -> live.find(tx, channelId, messageId)
                        .chain(() -> add ? messages.addReaction(tx, messageId, emoji, userId)
                                : messages.removeReaction(tx, messageId, emoji, userId))
                        .chain(changed -> !changed ? Uni.createFrom().item(m.channel().lastSeq())
                                : log.append(tx, channelId, add ? ChatEvents.REACTION_ADDED : ChatEvents.REACTION_REMOVED, seq -> {
                                    ObjectNode d = Json.object();
                                    d.put("messageId", messageId.toString());
                                    d.put("emoji", emoji);
                                    d.put("userId", userId.toString());
                                    return d;
                                })))
                .map(seq -> CommandOutcome.ok(LiveMessages.seqReply(seq)));
    }
}
