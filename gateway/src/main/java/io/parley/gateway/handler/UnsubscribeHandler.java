package io.parley.gateway.handler;

import io.parley.gateway.delivery.ChannelDelivery;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code unsubscribe}: stops a channel's events on this socket (a no-op when not subscribed). */
@Singleton
public class UnsubscribeHandler implements FrameHandler {

    private final ChannelDelivery delivery;

    public UnsubscribeHandler(ChannelDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public String op() {
        return "unsubscribe";
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        delivery.unsubscribe(socket, FrameFields.of(frame).uuid("channelId"));
        return Uni.createFrom().item(Outcome.empty());
    }
}
