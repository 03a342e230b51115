package io.parley.gateway.ws;

import io.smallrye.mutiny.Uni;

/** A chat op routed to chat-service: each subclass only checks the shape of its {@code d}. */
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
        return router.route(op, rateLimited, socket, frameId, channelId, frame);
    }

    /** @throws io.parley.gateway.service.GatewayException INVALID naming the offending field */
    abstract void validate(FrameFields fields);
}
