package io.parley.gateway.handler;

import io.parley.gateway.messaging.TypingPublisher;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.TypingThrottle;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** {@code typing}: members only; at most one broadcast per user and channel per interval, the rest dropped silently. */
@Singleton
public class TypingHandler implements FrameHandler {

    private static final Logger LOG = Logger.getLogger(TypingHandler.class);

    private final ChannelAccessCache access;
    private final TypingThrottle throttle;
    private final TypingPublisher publisher;

    public TypingHandler(ChannelAccessCache access, TypingThrottle throttle, TypingPublisher publisher) {
        this.access = access;
        this.throttle = throttle;
        this.publisher = publisher;
    }

    @Override
    public String op() {
        return "typing";
    }

    @Override
    public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
        String channelId = FrameFields.of(frame).uuid("channelId");
        return access.requireMember(channelId, socket.userId()).map(granted -> {
            if (throttle.admit(socket.userId(), channelId)) {
                // typing is best effort: the client's ok does not wait for (or depend on) the broker
                publisher.typing(channelId, socket.userId()).subscribe().with(sent -> {
                }, failure -> LOG.debugf("typing notice dropped: %s", failure.getMessage()));
            }
            return Outcome.empty();
        });
    }
}
