package io.parley.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.Topics;
import io.parley.gateway.config.GatewayInstance;
import io.parley.gateway.delivery.ChannelDelivery;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.service.PendingReplies;
import io.parley.gateway.service.PresenceWatchers;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.OutboundFrame;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns one record of a fan-out topic into writes on local sockets. Each event is encoded once and the same frame is
 * written to every receiver; nothing here blocks or logs per record.
 */
@ApplicationScoped
public class FanOutRouter {

    static final int CLOSE_REVOKED = 4009;

    private final ChannelDelivery delivery;
    private final SocketRegistry sockets;
    private final PresenceWatchers watchers;
    private final PendingReplies replies;
    private final ChannelAccessCache accessCache;
    private final GatewayMetrics metrics;
    private final String instanceId;

    public FanOutRouter(ChannelDelivery delivery, SocketRegistry sockets, PresenceWatchers watchers,
            PendingReplies replies, ChannelAccessCache accessCache, GatewayMetrics metrics, GatewayInstance instance) {
        this.delivery = delivery;
        this.sockets = sockets;
        this.watchers = watchers;
        this.replies = replies;
        this.accessCache = accessCache;
        this.metrics = metrics;
        this.instanceId = instance.id();
    }

    /** Replies for other instances share the partitions: skip them before paying for parsing. */
    boolean wants(String topic, String key) {
        return !Topics.GATEWAY_REPLIES.name().equals(topic) || instanceId.equals(key);
    }

    void route(String topic, Envelope envelope) {
        JsonNode data = envelope.data();
        if (data == null || !data.isObject()) {
            return;
        }
        switch (topic) {
            case "chat.events" -> channelEvent(envelope, data);
            case "chat.ephemeral" -> typing(data);
            case "user.events" -> userEvent(envelope.type(), data);
            case "presence.events" -> presence(data);
            case "gateway.replies" -> replies.complete(data.path("connectionId").asText(), data.path("frameId").asText(),
                    data.get("ok"), data.get("error"));
            case "session.commands" -> sessionCommand(envelope.type(), data);
            default -> {
            }
        }
    }

    private void channelEvent(Envelope envelope, JsonNode d) {
        String channelId = d.path("channelId").asText(envelope.subject());
        long seq = d.path("seq").asLong(-1);
        if (channelId == null || seq < 1) {
            return;
        }
        int receivers = delivery.deliver(channelId, seq, FrameEncoder.event(envelope.type(), d, false));
        if (receivers > 0) {
            metrics.framesOut("event", receivers);
            if (envelope.time() != null) {
                metrics.fanOutDelay(envelope.time().toEpochMilli(), System.currentTimeMillis());
            }
        }
        switch (envelope.type()) {
            case "member.left" -> {
                // after the member got their own member.left: no further event of this channel reaches them
                String userId = d.path("userId").asText();
                accessCache.invalidate(channelId, userId);
                sockets.forEachOfUser(userId, socket -> delivery.unsubscribe(socket, channelId));
            }
            case "member.joined", "member.updated" -> accessCache.invalidate(channelId, d.path("userId").asText());
            default -> {
            }
        }
    }

    private void typing(JsonNode data) {
        String channelId = data.path("channelId").asText(null);
        String userId = data.path("userId").asText(null);
        if (channelId != null && userId != null) {
            metrics.framesOut("event", delivery.deliverEphemeral(channelId, FrameEncoder.event("typing", data, false), userId));
        }
    }

    private void userEvent(String type, JsonNode data) {
        String userId = data.path("userId").asText(null);
        JsonNode d = data.get("d");
        if (userId == null || d == null) {
            return;
        }
        OutboundFrame frame = FrameEncoder.event(type, d, false);
        sockets.forEachOfUser(userId, socket -> socket.send(frame));
        String channelId = d.path("channelId").asText(null);
        if (channelId != null && ("channel.joined".equals(type) || "channel.left".equals(type))) {
            accessCache.invalidate(channelId, userId);
            if ("channel.left".equals(type)) {
                sockets.forEachOfUser(userId, socket -> delivery.unsubscribe(socket, channelId));
            }
        }
    }

    private void presence(JsonNode data) {
        String userId = data.path("userId").asText(null);
        if (userId != null) {
            OutboundFrame frame = FrameEncoder.event("presence.updated", data, false);
            watchers.forEachWatcher(userId, socket -> socket.send(frame));
        }
    }

    private void sessionCommand(String type, JsonNode data) {
        if ("session.revoke".equals(type)) {
            var socket = sockets.byId(data.path("sessionId").asText(""));
            if (socket != null) {
                socket.close(CLOSE_REVOKED, "session revoked");
            }
        } else if ("user.disconnect".equals(type)) {
            int code = data.path("code").asInt(CLOSE_REVOKED);
            int safeCode = code >= 4000 && code <= 4999 ? code : CLOSE_REVOKED;
            sockets.forEachOfUser(data.path("userId").asText(""), socket -> socket.close(safeCode, "disconnected"));
        }
    }
}
