package io.parley.gateway.ws;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.delivery.ChannelDelivery;
import io.parley.gateway.messaging.SessionEventPublisher;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.service.PresenceWatchers;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.RawSockets;
import io.parley.gateway.socket.VerifiedHandshake;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Opens a socket (hello, registration, session.opened) and tears it down (indexes, session.closed). */
@Singleton
public class SocketLifecycle {

    private static final Logger LOG = Logger.getLogger(SocketLifecycle.class);
    static final int CLOSE_TOKEN_INVALID = 4001;
    static final int CLOSE_INVALID_UTF8 = 1007;

    private final SocketRegistry registry;
    private final ChannelDelivery delivery;
    private final PresenceWatchers watchers;
    private final SessionEventPublisher sessionEvents;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;

    public SocketLifecycle(SocketRegistry registry, ChannelDelivery delivery, PresenceWatchers watchers,
            SessionEventPublisher sessionEvents, GatewayMetrics metrics, GatewayConfig config) {
        this.registry = registry;
        this.delivery = delivery;
        this.watchers = watchers;
        this.sessionEvents = sessionEvents;
        this.metrics = metrics;
        this.config = config;
    }

    void open(WebSocketConnection connection) {
        // taken out of the connection's user data: the socket keeps what it needs, the map keeps nothing per socket
        VerifiedHandshake handshake = connection.userData().remove(VerifiedHandshake.KEY);
        if (handshake == null) {
            // HandshakeCheck admits no upgrade without one: this is a bug, not a client's doing
            LOG.warnf("socket %s opened without a verified handshake, closed 4001", connection.id());
            connection.close(new CloseReason(CLOSE_TOKEN_INVALID, "not authenticated")).subscribe().with(d -> {
            }, f -> {
            });
            return;
        }
        WebSocketBase raw = RawSockets.of(connection);
        if (raw != null) {
            // the handshake is over: Vert.x would keep the upgrade request's headers for the socket's lifetime
            // (websockets-next has its own copy of the few HandshakeCheck left, and the gateway reads neither)
            raw.headers().clear();
            raw.setWriteQueueMaxSize(config.outbound().maxBufferedBytes());
            guardIncomingFrames(raw, config.ws().maxFrameBytes());
        }
        ClientSocket socket = new ClientSocket(connection, raw, handshake, System.currentTimeMillis());
        registry.register(socket);
        var d = FrameEncoder.object()
                .put("sessionId", socket.id())
                .put("userId", socket.userId())
                .put("username", socket.username())
                .put("heartbeatMs", config.ws().heartbeatMs())
                .put("maxFrameBytes", config.ws().maxFrameBytes());
        var hello = FrameEncoder.object().put("op", "hello");
        hello.set("d", d);
        socket.send(FrameEncoder.encode(hello));
        metrics.framesOut("hello", 1);
        sessionEvents.opened(socket).subscribe().with(sent -> {
        }, failure -> LOG.warnf("session.opened of %s not published: %s", socket.id(), failure.getMessage()));
    }

    void closed(WebSocketConnection connection) {
        ClientSocket socket = registry.byId(connection.id());
        if (socket == null || !registry.unregister(socket)) {
            return;
        }
        delivery.unsubscribeAll(socket);
        watchers.forget(socket);
        CloseReason reason = connection.closeReason();
        int code = reason == null ? 1006 : reason.getCode();
        sessionEvents.closed(socket, code).subscribe().with(sent -> {
        }, failure -> LOG.warnf("session.closed of %s not published: %s", socket.id(), failure.getMessage()));
    }

    /**
     * Checks what websockets-next does not, frame by frame, before Vert.x aggregates a message:
     * <ul>
     * <li>the size of a whole message, fragments included: Vert.x silently drops an aggregated message over its
     * own limit (a JDK client sends 16 KiB fragments), so without this a 70 KB message got neither 1009 nor an
     * answer;</li>
     * <li>UTF-8 of single-frame text (Vert.x decodes leniently, bad bytes become U+FFFD; RFC 6455 wants 1007).</li>
     * </ul>
     * websockets-next only uses the frame handler for ping callbacks, which this endpoint does not declare.
     */
    private static void guardIncomingFrames(WebSocketBase raw, int maxMessageBytes) {
        long[] messageBytes = new long[1];
        raw.frameHandler(frame -> {
            WebSocketFrameType type = frame.type();
            if (type != WebSocketFrameType.TEXT && type != WebSocketFrameType.BINARY
                    && type != WebSocketFrameType.CONTINUATION) {
                return;
            }
            messageBytes[0] = (type == WebSocketFrameType.CONTINUATION ? messageBytes[0] : 0)
                    + frame.binaryData().length();
            if (messageBytes[0] > maxMessageBytes) {
                messageBytes[0] = 0;
                raw.close((short) GatewayEndpoint.CLOSE_TOO_BIG, "frame too big");
                return;
            }
            if (frame.isFinal()) {
                messageBytes[0] = 0;
            }
            if (type == WebSocketFrameType.TEXT && frame.isFinal() && !isUtf8(frame.binaryData().getBytes())) {
                raw.close((short) CLOSE_INVALID_UTF8, "invalid UTF-8");
            }
        });
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
