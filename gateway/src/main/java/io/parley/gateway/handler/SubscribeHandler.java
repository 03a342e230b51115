package io.parley.gateway.handler;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.delivery.ChannelDelivery;
import io.parley.gateway.delivery.SubscriptionCursor;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * {@code subscribe}: members only. The subscription is registered before the ok (holding live events), the ok goes
 * out, then the replay from {@code sinceSeq} (or the held events) follows, so nothing is missed in between.
 */
@Singleton
public class SubscribeHandler implements FrameHandler {

    private final ChannelAccessCache access;
    private final ChannelDelivery delivery;
    private final int maxSubscriptions;
    private final int maxReplay;

    public SubscribeHandler(ChannelAccessCache access, ChannelDelivery delivery, GatewayConfig config) {
        this.access = access;
        this.delivery = delivery;
        this.maxSubscriptions = config.limits().subscriptionsPerSocket();
        this.maxReplay = config.replay().maxEvents();
    }

    @Override
    public String op() {
        return "subscribe";
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        FrameFields fields = FrameFields.of(frame);
        String channelId = fields.uuid("channelId");
        Long sinceSeq = fields.optionalNonNegativeLong("sinceSeq");
        checkRoom(socket, channelId);
        return access.requireMember(channelId, socket.userId()).map(granted -> {
            checkRoom(socket, channelId);
            long lastSeq = granted.lastSeq();
            boolean truncated = sinceSeq != null && lastSeq - sinceSeq > maxReplay;
            boolean replay = sinceSeq != null && !truncated && sinceSeq < lastSeq;
            long start = sinceSeq == null || truncated ? lastSeq : sinceSeq;
            SubscriptionCursor cursor = delivery.open(socket, channelId, start);
            delivery.attach(socket, cursor);
            var ok = FrameEncoder.object().put("channelId", channelId).put("lastSeq", lastSeq);
            if (truncated) {
                ok.put("truncated", true);
            }
            return new Outcome(ok, replay ? () -> delivery.replayAfter(cursor) : () -> delivery.release(cursor));
        });
    }

    private void checkRoom(ClientSocket socket, String channelId) {
        synchronized (socket) {
            if (socket.hasSubscriptions() && socket.subscriptions().size() >= maxSubscriptions
                    && !socket.subscriptions().containsKey(channelId)) {
                throw new InvalidException("at most " + maxSubscriptions + " subscriptions per socket");
            }
        }
    }
}
