package io.parley.gateway.handler;

import io.parley.events.EventTypes;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.FrameFields;
import jakarta.inject.Singleton;

/** {@code send}: a new message; the ok comes only after chat-service committed it. */
@Singleton
public class SendHandler extends ChatCommandHandler {

    public SendHandler(ChatCommandRouter router) {
        super(EventTypes.ChatCommands.SEND, true, router);
    }

    @Override
    void validate(FrameFields fields) {
        boolean hasAttachments = !fields.uuidArray("attachments", 10).isEmpty();
        fields.string("text", hasAttachments ? 0 : 1, MAX_TEXT);
        fields.string("clientMsgId", 1, 64);
        fields.optionalUuid("replyTo");
    }
}
