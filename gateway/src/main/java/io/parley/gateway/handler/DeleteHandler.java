package io.parley.gateway.handler;

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
    void validate(FrameFields fields) {
        fields.uuid("messageId");
    }
}
