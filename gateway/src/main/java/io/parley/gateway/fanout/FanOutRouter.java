package io.parley.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EventTypes;
import io.parley.events.Topics;
import io.parley.events.data.CallEvent;
import io.parley.events.data.PresenceUpdated;
import io.parley.events.data.Reply;
import io.parley.events.data.SessionRevoke;
import io.parley.events.data.Typing;
import io.parley.events.data.UserDisconnect;
import io.parley.events.data.UserEvent;
import io.parley.gateway.delivery.ChannelDelivery;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.service.PendingReplies;
import io.parley.gateway.service.PresenceWatchers;
import io.parley.gateway.service.RevokedSessions;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.OutboundFrame;
import io.parley.kit.instance.InstanceIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns one record of a fan-out topic into writes on local sockets. Each event is encoded once and the same frame is
 * written to every receiver; nothing here blocks or logs per record. The channel events of chat.events, the hot path,
 * are forwarded as the JSON tree they arrived as (their {@code data} is the client's {@code d}): only the few fields
 * routing needs are read from it. The other topics' records are read into their data records; what a client gets as
 * {@code d} is still the tree as it arrived.
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
    private final RevokedSessions revokedSessions;
    private final String instanceId;

    public FanOutRouter(ChannelDelivery delivery, SocketRegistry sockets, PresenceWatchers watchers,
            PendingReplies replies, ChannelAccessCache accessCache, GatewayMetrics metrics,
            RevokedSessions revokedSessions, InstanceIdentity instance) {
        this.revokedSessions = revokedSessions;
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

    /** @throws IllegalArgumentException for a record whose data lacks what its type needs (the caller skips it) */
    void route(String topic, Envelope envelope) {
        JsonNode data = envelope.data();
        if (data == null || !data.isObject()) {
            return;
        }
        switch (topic) {
            case "chat.events" -> channelEvent(envelope, data);
            case "chat.ephemeral" -> typing(envelope.dataAs(Typing.class), data);
            case "user.events" -> userEvent(envelope.type(), envelope.dataAs(UserEvent.class));
            case "presence.events" -> presence(envelope.dataAs(PresenceUpdated.class), data);
            case "gateway.replies" -> replies.complete(envelope.dataAs(Reply.class));
            case "session.commands" -> sessionCommand(envelope);
            case "call.events" -> callEvent(envelope.type(), envelope.dataAs(CallEvent.class));
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
        String type = envelope.type();
        boolean left = EventTypes.ChatEvents.MEMBER_LEFT.equals(type);
        if (left || EventTypes.ChatEvents.MEMBER_JOINED.equals(type) || EventTypes.ChatEvents.MEMBER_UPDATED.equals(type)) {
            // before anyone sees the event: a client that subscribes on seeing it gets a fresh answer, not a cached
            // refusal, and a subscribe whose answer is still out sees the change when it attaches
            accessCache.invalidate(channelId, d.path("userId").asText());
        }
        int receivers = delivery.deliver(channelId, seq, FrameEncoder.event(type, d, false));
        if (receivers > 0) {
            metrics.framesOut("event", receivers);
            if (envelope.time() != null) {
                metrics.fanOutDelay(envelope.time().toEpochMilli(), System.currentTimeMillis());
            }
        }
        if (left) {
            // after the member got their own member.left: no further event of this channel reaches them
            String userId = d.path("userId").asText();
            sockets.forEachOfUser(userId, socket -> delivery.unsubscribe(socket, channelId));
        }
    }

    /** {@code data} is the client's {@code d} of a typing event as it arrived. */
    private void typing(Typing typing, JsonNode data) {
        String userId = typing.userId().toString();
        OutboundFrame frame = FrameEncoder.event(EventTypes.ChatEphemeral.TYPING, data, false);
        metrics.framesOut("event", delivery.deliverEphemeral(typing.channelId().toString(), frame, userId));
    }

    private void userEvent(String type, UserEvent event) {
        String userId = event.userId().toString();
        JsonNode d = event.d();
        OutboundFrame frame = FrameEncoder.event(type, d, false);
        boolean joined = EventTypes.UserEvents.CHANNEL_JOINED.equals(type);
        boolean left = EventTypes.UserEvents.CHANNEL_LEFT.equals(type);
        // d is forwarded untouched: of a channel.joined/left only its channelId is read here
        String channelId = joined || left ? d.path("channelId").asText(null) : null;
        if (channelId != null) {
            // before the user sees it: a subscribe sent on receiving channel.joined must not meet a cached refusal
            accessCache.invalidate(channelId, userId);
        }
        sockets.forEachOfUser(userId, socket -> socket.send(frame));
        if (channelId != null && left) {
            sockets.forEachOfUser(userId, socket -> delivery.unsubscribe(socket, channelId));
        }
    }

    /** {@code data} is the client's {@code d} of a presence.updated event as it arrived. */
    private void presence(PresenceUpdated presence, JsonNode data) {
        OutboundFrame frame = FrameEncoder.event(EventTypes.PresenceEvents.PRESENCE_UPDATED, data, false);
        watchers.forEachWatcher(presence.userId().toString(), socket -> socket.send(frame));
    }

    /**
     * A call event of session-service: a {@code call.signal} to its one target socket (when it is here), a
     * {@code call.ringing} to every socket of its users, the others to the channel's subscribers; {@code d} as it
     * arrived.
     */
    private void callEvent(String type, CallEvent event) {
        if (event.d() == null || !event.d().isObject()) {
            return;
        }
        OutboundFrame frame = FrameEncoder.event(type, event.d(), false);
        if (event.toSessionId() != null) {
            var socket = sockets.byId(event.toSessionId().toString());
            if (socket != null) {
                socket.send(frame);
                metrics.framesOut("event", 1);
            }
        } else if (event.toUserIds() != null) {
            for (var userId : event.toUserIds()) {
                sockets.forEachOfUser(userId.toString(), socket -> {
                    socket.send(frame);
                    metrics.framesOut("event", 1);
                });
            }
        } else {
            metrics.framesOut("event", delivery.deliverEphemeral(event.channelId().toString(), frame, null));
        }
    }

    private void sessionCommand(Envelope envelope) {
        switch (envelope.type()) {
            case EventTypes.SessionCommands.SESSION_REVOKE -> {
                SessionRevoke revoke = envelope.dataAs(SessionRevoke.class);
                if (revoke.familyId() != null) {
                    // the session's access token stays valid until it expires: refuse it from now on (before the
                    // close, so a client reconnecting on its close is refused)
                    revokedSessions.revoke(revoke.familyId().toString());
                }
                var socket = sockets.byId(revoke.sessionId().toString());
                if (socket != null) {
                    socket.close(CLOSE_REVOKED, "session revoked");
                }
                if (revoke.familyId() != null) {
                    // the family's other sockets (the same login in another tab) end with it
                    String family = revoke.familyId().toString();
                    if (revoke.userId() != null) {
                        sockets.forEachOfUser(revoke.userId().toString(), other -> {
                            if (family.equals(other.familyId())) {
                                other.close(CLOSE_REVOKED, "session revoked");
                            }
                        });
                    }
                }
            }
            case EventTypes.SessionCommands.USER_DISCONNECT -> {
                UserDisconnect disconnect = envelope.dataAs(UserDisconnect.class);
                // a code outside the application range (or none) is a revocation
                int code = disconnect.code() >= 4000 && disconnect.code() <= 4999 ? disconnect.code() : CLOSE_REVOKED;
                sockets.forEachOfUser(disconnect.userId().toString(), socket -> socket.close(code, "disconnected"));
            }
            default -> {
            }
        }
    }
}
