package io.parley.gateway.handler;

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
    void validate(FrameFields fields) {
        fields.uuid("messageId");
        fields.string("emoji", 1, 32);
        fields.bool("add");
    }
}
