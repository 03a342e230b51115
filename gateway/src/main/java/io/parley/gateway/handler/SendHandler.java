package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.FrameFields;
import jakarta.inject.Singleton;

import java.util.List;

/** {@code send}: a new message; the ok comes only after chat-service committed it. */
@Singleton
public class SendHandler extends ChatCommandHandler {

    public SendHandler(ChatCommandRouter router) {
        super(EventTypes.ChatCommands.SEND, true, router);
    }

    @Override
    void copyValidated(FrameFields fields, ObjectNode forwarded) {
        List<String> attachments = fields.uuidArray("attachments", 10);
        forwarded.put("text", fields.string("text", attachments.isEmpty() ? 1 : 0, MAX_TEXT));
        forwarded.put("clientMsgId", fields.string("clientMsgId", 1, 64));
        String replyTo = fields.optionalUuid("replyTo");
        if (replyTo != null) {
            forwarded.put("replyTo", replyTo);
        }
        if (!attachments.isEmpty()) {
            attachments.forEach(forwarded.putArray("attachments")::add);
        }
    }
}
