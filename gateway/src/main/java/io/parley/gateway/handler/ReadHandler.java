package io.parley.gateway.handler;

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
    void validate(FrameFields fields) {
        fields.nonNegativeLong("seq");
    }
}
