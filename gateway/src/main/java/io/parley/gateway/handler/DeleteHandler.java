package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.FrameFields;
import jakarta.inject.Singleton;

/** {@code delete}: removes a message (author, channel moderators, admins; chat-service decides). */
@Singleton
public class DeleteHandler extends ChatCommandHandler {

    public DeleteHandler(ChatCommandRouter router) {
        super(EventTypes.ChatCommands.DELETE, false, router);
    }

    @Override
    void copyValidated(FrameFields fields, ObjectNode forwarded) {
        forwarded.put("messageId", fields.uuid("messageId"));
    }
}
