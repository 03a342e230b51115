package io.parley.chat.service.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.CommandPayloads.Read;
import io.parley.chat.domain.FieldRules;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.MemberRepository;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.BatchReads;
import io.parley.chat.service.CommandHandler;
import io.parley.chat.service.PayloadReader;
import io.parley.events.EventTypes.ChatCommands;
import io.parley.events.EventTypes.UserEvents;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** {@code read}: moves the caller's read marker forward; their other sessions learn it by {@code read.updated}. */
@ApplicationScoped
public class ReadHandler implements CommandHandler {

    private final PayloadReader reader;
    private final AccessPolicy access;
    private final MemberRepository members;
    private final ChannelEventLog log;

    public ReadHandler(PayloadReader reader, AccessPolicy access, MemberRepository members, ChannelEventLog log) {
        this.reader = reader;
        this.access = access;
        this.members = members;
        this.log = log;
    }

    @Override
    public String op() {
        return ChatCommands.READ;
    }

    @Override
    public Uni<CommandOutcome> apply(SqlConnection tx, Command command, BatchReads reads) {
        Read read = reader.read(command.d(), Read.class);
        UUID channelId = FieldRules.required("channelId", read.channelId());
        long seq = FieldRules.required("seq", read.seq());
        UUID userId = command.caller().userId();
        return access.member(tx, channelId, command.caller()).chain(m -> {
            if (seq < 0 || seq > m.channel().lastSeq()) {
                throw new InvalidException("seq must be between 0 and the channel's last seq");
            }
            if (seq <= m.readSeq()) {
                return Uni.createFrom().item(CommandOutcome.ok(Json.object()));
            }
            return members.setReadSeq(tx, channelId, userId, seq)
                    .chain(() -> members.unread(tx, channelId, userId, seq))
                    .chain(unread -> {
                        ObjectNode d = Json.object();
                        d.put("channelId", channelId.toString());
                        d.put("readSeq", seq);
                        d.put("unread", unread);
                        return log.toUser(tx, userId, UserEvents.READ_UPDATED, d);
                    })
                    .replaceWith(CommandOutcome.ok(Json.object()));
        });
    }
}
