package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.gateway.service.ChatCommandRouter;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.smallrye.mutiny.Uni;

/**
 * A chat op routed to chat-service: each subclass checks the fields of its {@code d} and copies them, as validated,
 * into the {@code d} that is forwarded. Nothing else the client put in {@code d} reaches chat.commands (an unknown
 * field is ignored, per the contract, not carried along). The client's op is the chat.commands record type
 * ({@code EventTypes.ChatCommands}).
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
        ObjectNode forwarded = JsonNodeFactory.instance.objectNode().put("channelId", channelId);
        copyValidated(fields, forwarded);
        return router.route(op, rateLimited, socket, frameId, channelId, forwarded)
                .map(ok -> ok == null ? Outcome.empty() : Outcome.of(ok));
    }

    /**
     * Checks the op's fields (but channelId) and puts each into {@code forwarded} as validated; an optional field
     * that is absent stays absent.
     *
     * @throws io.parley.kit.error.InvalidException naming the offending field
     */
    abstract void copyValidated(FrameFields fields, ObjectNode forwarded);
}
