package io.parley.gateway.ws;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.service.SocketRegistry;
import io.parley.gateway.socket.ClientSocket;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/**
 * The client WebSocket {@code /ws} (PROTOCOL §3). Everything runs on the event loop and never blocks it.
 * <p>
 * Inbound processing is {@code CONCURRENT}: every callback here is non-blocking and runs on the socket's own event
 * loop, so frames are still handled one at a time in arrival order, and websockets-next does not keep a serializing
 * queue per socket (about 0.7 KB of heap each, ~13 MB at 19k sockets).
 */
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GatewayEndpoint {

    private static final Logger LOG = Logger.getLogger(GatewayEndpoint.class);
    static final int CLOSE_UNSUPPORTED_DATA = 1003;
    static final int CLOSE_TOO_BIG = 1009;

    private final SocketLifecycle lifecycle;
    private final SocketRegistry registry;
    private final FrameDispatcher dispatcher;

    private final int maxFrameBytes;

    public GatewayEndpoint(SocketLifecycle lifecycle, SocketRegistry registry, FrameDispatcher dispatcher,
            GatewayConfig config) {
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.maxFrameBytes = config.ws().maxFrameBytes();
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        lifecycle.open(connection);
    }

    @OnTextMessage
    @NonBlocking
    public void onText(String text, WebSocketConnection connection) {
        ClientSocket socket = registry.byId(connection.id());
        if (socket == null) {
            return;
        }
        if (utf8LengthExceeds(text, maxFrameBytes)) {
            socket.close(CLOSE_TOO_BIG, "frame too big");
            return;
        }
        dispatcher.dispatch(socket, text);
    }

    /** UTF-8 byte length over {@code max}, counted without encoding (the common short frame returns at once). */
    static boolean utf8LengthExceeds(String text, int max) {
        if (text.length() > max) {
            return true;
        }
        if (text.length() * 3L <= max) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > max;
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(Buffer ignored, WebSocketConnection connection) {
        connection.close(new CloseReason(CLOSE_UNSUPPORTED_DATA, "binary frames are not supported"))
                .subscribe().with(done -> {
                }, failure -> {
                });
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        lifecycle.closed(connection);
    }

    @OnError
    @NonBlocking
    public void onError(WebSocketConnection connection, Throwable failure) {
        // frame handling never throws to here; what does is a transport problem of this one socket
        LOG.debugf("socket %s failed: %s", connection.id(), failure.toString());
    }
}
