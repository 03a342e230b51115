package io.parley.gateway.socket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.impl.WebSocketInternal;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * Reaches the Vert.x socket under a websockets-next connection. websockets-next's {@code sendText(Buffer)} decodes
 * the buffer to a String and re-encodes it per socket; fan-out must write one encoded buffer to thousands of sockets,
 * so the gateway writes frames on the Vert.x socket directly. When the accessor is missing (another Quarkus version),
 * sockets fall back to {@code sendText}, slower but correct.
 * <p>
 * Reaching a socket also puts a {@link SocketGuard} in its Netty pipeline, for what Vert.x does not do:
 * <ul>
 * <li>UTF-8 of text messages: Vert.x decodes leniently (bad bytes become U+FFFD), and a Vert.x frame handler sees each
 * fragment alone, so only the pipeline can check a fragmented text message as the one byte stream it is (RFC 6455
 * §8.1: invalid UTF-8 → 1007);</li>
 * <li>a close that cannot be delivered: Vert.x starts its closing timeout only once the close frame is written out,
 * and behind the full queue of a client that reads nothing (the slow consumer closed 1008) it never is, so the
 * connection, its queued frames and its registration would stay forever. The guard cuts such a connection.</li>
 * </ul>
 */
public final class RawSockets {

    private static final Logger LOG = Logger.getLogger(RawSockets.class);
    static final String GUARD = "parley-socket-guard";
    static final short CLOSE_INVALID_UTF8 = 1007;
    /** A close frame still not written out after this long (the peer reads nothing) ends the TCP connection. */
    static final long CLOSE_FLUSH_TIMEOUT_MS = 5_000;
    private static volatile Method accessor;
    private static volatile boolean unavailable;
    private static volatile boolean guardUnavailable;
    private static volatile Field delegateField;

    private RawSockets() {
    }

    /** The Vert.x socket under the connection (null when unreachable), with its guard installed (once). */
    public static WebSocketBase of(WebSocketConnection connection) {
        if (unavailable) {
            return null;
        }
        WebSocketBase raw;
        try {
            Method method = accessor;
            if (method == null) {
                method = find(connection.getClass());
                method.setAccessible(true);
                accessor = method;
            }
            raw = (WebSocketBase) method.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.warnf("direct frame writes unavailable (%s): falling back to sendText", e.toString());
            return null;
        }
        guard(raw);
        return raw;
    }

    /**
     * Installs the guard just in front of Vert.x's own handler (after the frame decoder and any permessage-deflate
     * decompressor, so it sees the frames Vert.x sees, both ways). Idempotent; a socket already closed is left alone.
     */
    static void guard(WebSocketBase raw) {
        if (guardUnavailable) {
            return;
        }
        ChannelHandlerContext vertx = lookup(raw);
        if (vertx == null) {
            // another Vert.x or Quarkus: fragmented text goes unchecked (single frames are still checked, 1007)
            guardUnavailable = true;
            LOG.warnf("socket guard unavailable (fragmented text unchecked, undeliverable closes not cut): no Netty "
                    + "channel under %s", raw.getClass().getName());
            return;
        }
        try {
            ChannelPipeline pipeline = vertx.pipeline();
            if (pipeline.get(GUARD) == null && vertx.channel().isOpen()) {
                pipeline.addBefore(vertx.name(), GUARD, new SocketGuard(raw));
            }
        } catch (RuntimeException e) {
            // this socket's pipeline is being torn down (closed while opening): nothing left to guard
            LOG.debugf("socket guard not installed on a closing socket: %s", e);
        }
    }

    /**
     * The Netty context of Vert.x's handler for the socket: a write there goes through the same encoders as Vert.x's
     * own (frame encoder, permessage-deflate, the guard). Null when unreachable (another Vert.x): frames then go
     * through Vert.x's {@code writeFrame}.
     */
    static ChannelHandlerContext context(WebSocketBase raw) {
        return guardUnavailable ? null : lookup(raw);
    }

    /** The Netty context of Vert.x's handler for the socket; null when this Vert.x does not let us reach it. */
    private static ChannelHandlerContext lookup(WebSocketBase raw) {
        try {
            WebSocketInternal internal = internal(raw);
            return internal == null ? null : internal.channelHandlerContext();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The Vert.x socket implementation, which knows its Netty channel: Vert.x Web hands websockets-next a
     * {@code ServerWebSocketWrapper} around it (its {@code delegate}).
     */
    private static WebSocketInternal internal(WebSocketBase raw) throws ReflectiveOperationException {
        Object socket = raw;
        for (int depth = 0; depth < 4 && socket != null; depth++) {
            if (socket instanceof WebSocketInternal internal) {
                return internal;
            }
            Field field = delegateField;
            if (field == null || field.getDeclaringClass() != socket.getClass()) {
                field = socket.getClass().getDeclaredField("delegate");
                field.setAccessible(true);
                delegateField = field;
            }
            socket = field.get(socket);
        }
        return null;
    }

    private static Method find(Class<?> type) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod("webSocket");
            } catch (NoSuchMethodException e) {
                // keep looking up the hierarchy
            }
        }
        throw new NoSuchMethodException("webSocket() on " + type.getName());
    }

    /**
     * Inbound: validates the UTF-8 of every text message, fragments included, as the frames arrive: a sequence may be
     * split across fragments (valid), but a message must end on a complete character. On the first bad byte the
     * socket is closed 1007 through Vert.x (a proper closing handshake) and further data frames are dropped unread;
     * control frames go on, so the client's close completes the handshake.
     * <p>
     * Outbound: watches for the close frame only; if it is not written out within {@link #CLOSE_FLUSH_TIMEOUT_MS}
     * the connection is closed at the TCP level (Vert.x then reports the socket closed as usual). Every other write
     * passes straight through. Runs on the socket's event loop; one per socket.
     */
    static final class SocketGuard extends ChannelDuplexHandler {

        private final WebSocketBase raw;
        private final Utf8Validator validator = new Utf8Validator();
        /** Inside a text message whose final fragment has not come yet. */
        private boolean inText;
        private boolean failed;

        private boolean closeWatched;

        SocketGuard(WebSocketBase raw) {
            this.raw = raw;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof CloseWebSocketFrame) || closeWatched) {
                ctx.write(msg, promise);
                return;
            }
            closeWatched = true;
            ChannelPromise written = promise.unvoid();
            ctx.write(msg, written);
            ctx.executor().schedule(() -> {
                if (!written.isDone() && ctx.channel().isOpen()) {
                    LOG.debugf("close frame not written within %d ms (the client reads nothing): connection cut",
                            CLOSE_FLUSH_TIMEOUT_MS);
                    ctx.channel().close();
                }
            }, CLOSE_FLUSH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            boolean data = frame instanceof TextWebSocketFrame || frame instanceof ContinuationWebSocketFrame
                    || frame instanceof BinaryWebSocketFrame;
            if (failed && data) {
                ReferenceCountUtil.release(msg);
                return;
            }
            boolean valid = true;
            if (frame instanceof TextWebSocketFrame) {
                validator.reset();
                inText = !frame.isFinalFragment();
                valid = validator.feed(frame.content()) && (inText || validator.isComplete());
            } else if (frame instanceof ContinuationWebSocketFrame && inText) {
                inText = !frame.isFinalFragment();
                valid = validator.feed(frame.content()) && (inText || validator.isComplete());
            } else if (frame instanceof BinaryWebSocketFrame) {
                inText = false;
            }
            if (valid) {
                ctx.fireChannelRead(msg);
                return;
            }
            failed = true;
            ReferenceCountUtil.release(msg);
            raw.close(CLOSE_INVALID_UTF8, "invalid UTF-8");
        }
    }

    /**
     * An incremental UTF-8 validator (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) that keeps
     * its state between buffers, so a character may be split anywhere.
     */
    static final class Utf8Validator {

        /** Continuation bytes still expected for the current character. */
        private int needed;
        /** Bounds of the next continuation byte (narrower right after E0, ED, F0 and F4). */
        private int lower = 0x80;
        private int upper = 0xBF;

        void reset() {
            needed = 0;
            lower = 0x80;
            upper = 0xBF;
        }

        /** True when the bytes so far are valid UTF-8 or a valid prefix of it. */
        boolean isComplete() {
            return needed == 0;
        }

        boolean feed(ByteBuf bytes) {
            for (int i = bytes.readerIndex(), end = bytes.writerIndex(); i < end; i++) {
                if (!feed(bytes.getByte(i) & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        boolean feed(byte[] bytes) {
            for (byte b : bytes) {
                if (!feed(b & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        private boolean feed(int b) {
            if (needed > 0) {
                if (b < lower || b > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                needed--;
                return true;
            }
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b == 0xE0) {
                needed = 2;
                lower = 0xA0;
            } else if (b == 0xED) {
                needed = 2;
                upper = 0x9F;
            } else if (b >= 0xE1 && b <= 0xEF) {
                needed = 2;
            } else if (b == 0xF0) {
                needed = 3;
                lower = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                needed = 3;
            } else if (b == 0xF4) {
                needed = 3;
                upper = 0x8F;
            } else {
                return false;
            }
            return true;
        }
    }
}
