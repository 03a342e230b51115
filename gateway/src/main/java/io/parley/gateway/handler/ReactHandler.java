package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.FrameFields;
import jakarta.inject.Singleton;

/** {@code react}: adds or removes an emoji reaction. */
@Singleton
public class ReactHandler extends ChatCommandHandler {

    public ReactHandler(ChatCommandRouter router) {
        super(EventTypes.ChatCommands.REACT, true, router);
    }

    @Override
    void copyValidated(FrameFields fields, ObjectNode forwarded) {
        forwarded.put("messageId", fields.uuid("messageId"));
        forwarded.put("emoji", fields.string("emoji", 1, 32));
        forwarded.put("add", fields.bool("add"));
    }
}
