package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.FrameFields;
import jakarta.inject.Singleton;

/** {@code read}: moves the user's read marker; the ok comes once it is committed. */
@Singleton
public class ReadHandler extends ChatCommandHandler {

    public ReadHandler(ChatCommandRouter router) {
        super(EventTypes.ChatCommands.READ, false, router);
    }

    @Override
    void copyValidated(FrameFields fields, ObjectNode forwarded) {
        forwarded.put("seq", fields.nonNegativeLong("seq"));
    }
}
