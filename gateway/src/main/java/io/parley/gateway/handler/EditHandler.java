package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.FrameFields;
import jakarta.inject.Singleton;

/** {@code edit}: new text for one's own message. */
@Singleton
public class EditHandler extends ChatCommandHandler {

    public EditHandler(ChatCommandRouter router) {
        super(EventTypes.ChatCommands.EDIT, true, router);
    }

    @Override
    void copyValidated(FrameFields fields, ObjectNode forwarded) {
        forwarded.put("messageId", fields.uuid("messageId"));
        forwarded.put("text", fields.string("text", 1, MAX_TEXT));
    }
}
