package io.parley.chat.service.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.MessageRepository.MessageHead;
import io.parley.chat.repository.MessageRepository;
import io.parley.kit.error.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Finds the message a command names: it must be in that channel and not deleted, else NOT_FOUND. */
@ApplicationScoped
public class LiveMessages {

    private final MessageRepository messages;

    public LiveMessages(MessageRepository messages) {
        this.messages = messages;
    }

    public Uni<MessageHead> find(SqlClient tx, UUID channelId, UUID messageId) {
        return messages.findHead(tx, messageId).map(head -> head
                .filter(h -> h.channelId().equals(channelId) && !h.deleted())
                .orElseThrow(() -> new NotFoundException("no such message")));
    }

    /** The {@code {seq}} reply of edit, delete and react. */
    static ObjectNode seqReply(long seq) {
        ObjectNode ok = Json.object();
        ok.put("seq", seq);
        return ok;
    }
}
