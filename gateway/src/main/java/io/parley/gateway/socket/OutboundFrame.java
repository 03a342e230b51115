package io.parley.gateway.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

import java.nio.charset.StandardCharsets;

/**
 * One server → client text frame, encoded once. The bytes are never released, so the same buffer is written to every
 * receiver: each write takes a duplicate (its own read index over the shared bytes), not a copy.
 */
public final class OutboundFrame {

    private final ByteBuf bytes;

    public OutboundFrame(byte[] utf8Json) {
        this.bytes = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(utf8Json));
    }

    /** A fresh frame over the shared bytes, for one socket write. */
    WebSocketFrame toWebSocketFrame() {
        return new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes.duplicate(), true);
    }

    /** The same, as the Netty frame a direct write on the socket's pipeline takes (the encoder frames it). */
    TextWebSocketFrame toNettyFrame() {
        return new TextWebSocketFrame(true, 0, bytes.duplicate());
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
