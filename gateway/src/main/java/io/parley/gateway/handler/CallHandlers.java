package io.parley.gateway.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EventTypes;
import io.parley.gateway.service.CallRouter;
import io.parley.gateway.service.ChannelAccessCache;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.FrameFields;
import io.parley.gateway.socket.InboundFrame;
import io.parley.kit.error.InvalidException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The call ops (docs/calls.md): the shape of {@code d} is checked here, and for {@code call.join} / {@code call.get}
 * channel access exactly as for {@code subscribe} (non-member → NOT_FOUND, public not joined → FORBIDDEN); the rest is
 * session-service's, which holds call state and answers on gateway.replies.
 */
public final class CallHandlers {

    /** The largest {@code call.signal} payload, serialized (the contract's 32 KiB). */
    static final int MAX_PAYLOAD_BYTES = 32 * 1024;
    static final Set<String> KINDS = Set.of("offer", "answer", "candidate");

    private CallHandlers() {
    }

    private static Outcome outcome(JsonNode ok) {
        return ok == null ? Outcome.empty() : Outcome.of(ok);
    }

    /**
     * An op on a channel's call that members only may make: channel access is checked exactly as for
     * {@code subscribe}, then the op goes to session-service as the record type {@link #type}.
     */
    abstract static class MembersOnly implements FrameHandler {
        private final String op;
        private final String type;
        private final ChannelAccessCache access;
        private final CallRouter router;

        MembersOnly(String op, String type, ChannelAccessCache access, CallRouter router) {
            this.op = op;
            this.type = type;
            this.access = access;
            this.router = router;
        }

        @Override
        public String op() {
            return op;
        }

        @Override
        public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
            String channelId = FrameFields.of(frame).uuid("channelId");
            return access.requireMember(channelId, socket.userId())
                    .chain(granted -> router.route(type, socket, frameId, channelId, null))
                    .map(CallHandlers::outcome);
        }
    }

    /** {@code call.join {channelId}} → {@code {call, iceServers}}. */
    @Singleton
    public static class Join extends MembersOnly {
        /** The session.events record type it is forwarded as. */
        static final String TYPE = EventTypes.SessionEvents.CALL_JOIN;

        public Join(ChannelAccessCache access, CallRouter router) {
            super("call.join", TYPE, access, router);
        }
    }

    /** {@code call.get {channelId}} → {@code {call}} ({@code null} when none). */
    @Singleton
    public static class Get extends MembersOnly {
        /** The session.events record type it is forwarded as. */
        static final String TYPE = EventTypes.SessionEvents.CALL_GET;

        public Get(ChannelAccessCache access, CallRouter router) {
            super("call.get", TYPE, access, router);
        }
    }

    /** {@code call.leave {channelId}} → {@code {}}; this socket not in the call → FORBIDDEN (session-service). */
    @Singleton
    public static class Leave implements FrameHandler {
        /** The session.events record type it is forwarded as. */
        static final String TYPE = EventTypes.SessionEvents.CALL_LEAVE;
        private final CallRouter router;

        public Leave(CallRouter router) {
            this.router = router;
        }

        @Override
        public String op() {
            return "call.leave";
        }

        @Override
        public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
            String channelId = FrameFields.of(frame).uuid("channelId");
            return router.route(TYPE, socket, frameId, channelId, null).map(CallHandlers::outcome);
        }
    }

    /**
     * {@code call.signal {channelId, toSessionId, kind, payload}} → {@code {}} once accepted for delivery; the sender
     * not in the call → FORBIDDEN, the target not in it → NOT_FOUND (both session-service's, which knows the call).
     */
    @Singleton
    public static class Signal implements FrameHandler {
        /** The session.events record type it is forwarded as. */
        static final String TYPE = EventTypes.SessionEvents.CALL_SIGNAL;
        private final CallRouter router;
        private final GatewayMetrics metrics;

        public Signal(CallRouter router, GatewayMetrics metrics) {
            this.router = router;
            this.metrics = metrics;
        }

        @Override
        public String op() {
            return "call.signal";
        }

        @Override
        public Uni<Outcome> handle(ClientSocket socket, String frameId, InboundFrame frame) {
            FrameFields fields = FrameFields.of(frame);
            String channelId = fields.uuid("channelId");
            String toSessionId = fields.uuid("toSessionId");
            String kind = fields.string("kind", 1, 16);
            if (!KINDS.contains(kind)) {
                throw new InvalidException("kind must be offer, answer or candidate");
            }
            JsonNode payload = frame.d().get("payload");
            if (payload == null || payload.isNull() || payload.isMissingNode()) {
                throw new InvalidException("payload is required");
            }
            if (payload.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw new InvalidException("payload must be at most " + MAX_PAYLOAD_BYTES + " bytes serialized");
            }
            ObjectNode signal = FrameEncoder.object();
            signal.put("toSessionId", toSessionId);
            signal.put("kind", kind);
            signal.set("payload", payload);
            return router.route(TYPE, socket, frameId, channelId, signal)
                    .invoke(ok -> metrics.callSignal(kind))
                    .map(CallHandlers::outcome);
        }
    }
}
