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
import io.parley.kit.error.UnavailableException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * {@code subscribe}: members only. The subscription is registered before the ok (holding live events), the ok goes
 * out, then the replay from {@code sinceSeq} (or the held events) follows, so nothing is missed in between.
 * <p>
 * Membership is checked again once the subscription is attached: an access answer that a membership change
 * overtook while it was out (a {@code member.left} racing the subscribe) is thrown away with the subscription, and
 * chat-service is asked again, so a member who just left is never attached.
 */
@Singleton
public class SubscribeHandler implements FrameHandler {

    /** Access answers overtaken by a membership change before one is final (each asks chat-service afresh). */
    private static final int MAX_ATTEMPTS = 3;

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
        return subscribe(socket, channelId, sinceSeq, 1);
    }

    private Uni<Outcome> subscribe(ClientSocket socket, String channelId, Long sinceSeq, int attempt) {
        return access.requireMember(channelId, socket.userId()).chain(granted -> {
            checkRoom(socket, channelId);
            long lastSeq = granted.access().lastSeq();
            boolean truncated = sinceSeq != null && lastSeq - sinceSeq > maxReplay;
            boolean replay = sinceSeq != null && !truncated && sinceSeq < lastSeq;
            long start = sinceSeq == null || truncated ? lastSeq : sinceSeq;
            SubscriptionCursor cursor = delivery.open(socket, channelId, start);
            delivery.attach(socket, cursor);
            // attached first, checked second: a change stamped after this check is swept after the attach
            if (access.overtaken(channelId, socket.userId(), granted)) {
                delivery.detach(socket, cursor);
                if (attempt >= MAX_ATTEMPTS) {
                    throw new UnavailableException("channel membership is changing, retry");
                }
                return subscribe(socket, channelId, sinceSeq, attempt + 1);
            }
            var ok = FrameEncoder.object().put("channelId", channelId).put("lastSeq", lastSeq);
            if (truncated) {
                ok.put("truncated", true);
            }
            return Uni.createFrom().item(new Outcome(ok,
                    replay ? () -> delivery.replayAfter(cursor) : () -> delivery.release(cursor)));
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
