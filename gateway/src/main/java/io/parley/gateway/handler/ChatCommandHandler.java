package io.parley.gateway.handler;

import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.smallrye.mutiny.Uni;

/**
 * A chat op routed to chat-service: each subclass only checks the shape of its {@code d}. The client's op is the
 * chat.commands record type ({@code EventTypes.ChatCommands}).
 */
abstract class ChatCommandHandler implements FrameHandler {

    static final int MAX_TEXT = 4000;

    private final String op;
    private final boolean rateLimited;
    private final ChatCommandRouter router;

    ChatCommandHandler(String op, boolean rateLimited, ChatCommandRouter router) {
        this.op = op;
        this.rateLimited = rateLimited;
        this.router = router;
    }

    @Override
    public String op() {
        return op;
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        FrameFields fields = FrameFields.of(frame);
        String channelId = fields.uuid("channelId");
        validate(fields);
        return router.route(op, rateLimited, socket, frameId, channelId, frame.d())
                .map(ok -> ok == null ? Outcome.empty() : Outcome.of(ok));
    }

    /** @throws io.parley.kit.error.InvalidException naming the offending field */
    abstract void validate(FrameFields fields);
}
