package io.parley.gateway.socket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.WebSocketBase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One live client socket: who it is, its subscriptions and its outbound path. Kept small on purpose (it exists once
 * per socket, ~19k per process): a handful of fields, a map that exists only once the socket subscribes.
 */
public final class ClientSocket {

    private final String id;
    private final String userId;
    private final String username;
    private final List<String> roles;
    private final String ip;
    private final String userAgent;
    /** The handshake token's refresh-token family (its {@code sid}); null when it had none. */
    private final String familyId;
    private final WebSocketConnection connection;
    /** The Vert.x socket under the connection, so one encoded buffer can be written as is; null when unavailable. */
    private final WebSocketBase raw;
    /** The socket's Netty context, written to on its event loop in batches; null when unreachable. */
    private final ChannelHandlerContext netty;
    private final LoopWriter writer;
    /** Writes whose failure is not news: a socket that fails a write is closed, and Vert.x reports that. */
    private final ChannelPromise unwatched;
    /** Written to since the last flush (only touched on the event loop). */
    private boolean unflushed;
    /** Closed or closing: nothing more is written (only touched on the event loop). */
    private boolean ended;

    private volatile long tokenExpiresAtMs;
    private volatile long lastSeenMs;
    /** When the outbound queue was first seen over its bound (0: not over it). */
    private volatile long overBoundSinceMs;

    private Map<String, Subscription> subscriptions;
    private List<String> watchedUsers = List.of();
    private long abuseWindowStartMs;
    private int abuseCount;

    public ClientSocket(WebSocketConnection connection, WebSocketBase raw, VerifiedHandshake handshake, long nowMs) {
        this(connection.id(), connection, raw, handshake, nowMs);
    }

    /**
     * A socket of the start-up warm-up ({@link SocketWarmUp}): a Vert.x socket of its loopback server, with no
     * websockets-next connection and never registered, written through the same path as a client's.
     */
    static ClientSocket loopback(String id, WebSocketBase raw, VerifiedHandshake handshake) {
        return new ClientSocket(id, null, raw, handshake, System.currentTimeMillis());
    }

    private ClientSocket(String id, WebSocketConnection connection, WebSocketBase raw, VerifiedHandshake handshake,
            long nowMs) {
        this.id = id;
        this.connection = connection;
        this.raw = raw;
        this.userId = handshake.userId();
        this.username = handshake.username();
        this.roles = handshake.roles();
        this.ip = handshake.ip();
        this.userAgent = handshake.userAgent();
        this.familyId = handshake.familyId();
        this.tokenExpiresAtMs = handshake.tokenExpiresAtMs();
        this.lastSeenMs = nowMs;
        this.netty = raw == null ? null : RawSockets.context(raw);
        this.writer = netty == null ? null : LoopWriter.of(netty.executor());
        this.unwatched = netty == null ? null : new VoidChannelPromise(netty.channel(), false);
    }

    /**
     * Queues a frame; never blocks, from any thread. Frames are written in the order they were queued, on the socket's
     * event loop ({@link LoopWriter}). A socket that stays over its outbound bound is closed by the sweep.
     */
    public void send(OutboundFrame frame) {
        if (writer != null) {
            writer.offer(this, frame);
        } else if (raw != null) {
            if (raw.isClosed()) {
                return;
            }
            noteBound(raw.writeQueueFull());
            raw.writeFrame(frame.toWebSocketFrame());
        } else {
            connection.sendText(frame.text()).subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }

    /** Closes with a closing handshake, after the frames queued before it. */
    public void close(int code, String reason) {
        CloseReason close = new CloseReason(code, reason);
        if (writer != null) {
            writer.offer(this, close);
        } else {
            closeNow(close);
        }
    }

    /**
     * On the event loop: writes one queued frame without flushing, or does a queued close (after flushing what came
     * before it).
     *
     * @return true when this is the first write since the last flush (the writer flushes the socket at its run's end)
     */
    boolean writeQueued(Object item) {
        if (ended) {
            return false;
        }
        if (!unflushed && raw.isClosed()) {
            // closed by the client or by Vert.x: no data frame may follow a close frame
            ended = true;
            return false;
        }
        if (item instanceof CloseReason close) {
            ended = true;
            flushQueued();
            closeNow(close);
            return false;
        }
        netty.write(((OutboundFrame) item).toNettyFrame(), unwatched);
        if (unflushed) {
            return false;
        }
        unflushed = true;
        return true;
    }

    /** On the event loop: flushes what {@link #writeQueued} wrote, then notes whether the queue is over its bound. */
    void flushQueued() {
        if (!unflushed) {
            return;
        }
        unflushed = false;
        netty.flush();
        noteBound(!netty.channel().isWritable());
    }

    /** The Netty context frames are written on (null when unreachable); for tests of the write path. */
    ChannelHandlerContext nettyContext() {
        return netty;
    }

    private void noteBound(boolean full) {
        if (full) {
            if (overBoundSinceMs == 0) {
                overBoundSinceMs = System.currentTimeMillis();
            }
        } else if (overBoundSinceMs != 0) {
            overBoundSinceMs = 0;
        }
    }

    private void closeNow(CloseReason close) {
        if (connection == null) {
            if (!raw.isClosed()) {
                raw.close((short) close.getCode(), close.getMessage());
            }
            return;
        }
        if (connection.isOpen()) {
            connection.close(close).subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }

    public boolean isOpen() {
        return connection == null ? !raw.isClosed() : connection.isOpen();
    }

    /** True when the outbound queue has stayed over its bound longer than the grace period. */
    public boolean isStuck(long nowMs, long graceMs) {
        long since = overBoundSinceMs;
        if (since == 0) {
            return false;
        }
        if (raw != null && raw.isClosed()) {
            // closing already (writeQueueFull() would throw): RawSockets cuts the connection if the close stalls
            return false;
        }
        if (raw != null && !raw.writeQueueFull()) {
            overBoundSinceMs = 0;
            return false;
        }
        return nowMs - since > graceMs;
    }

    /**
     * Counts one RATE_LIMITED answer.
     *
     * @return true when this socket passed the abuse threshold within the window
     */
    public synchronized boolean countRejection(long nowMs, long windowMs, int threshold) {
        if (nowMs - abuseWindowStartMs > windowMs) {
            abuseWindowStartMs = nowMs;
            abuseCount = 0;
        }
        return ++abuseCount > threshold;
    }

    public void touch(long nowMs) {
        lastSeenMs = nowMs;
    }

    /** An {@code auth} renewal: the socket keeps only the new token's expiry (nothing it sends needs the token). */
    public void renewToken(long expiresAtMs) {
        this.tokenExpiresAtMs = expiresAtMs;
    }

    /** Subscriptions, created on first use; callers hold this socket's lock. */
    public Map<String, Subscription> subscriptions() {
        if (subscriptions == null) {
            subscriptions = new HashMap<>(4);
        }
        return subscriptions;
    }

    public boolean hasSubscriptions() {
        return subscriptions != null && !subscriptions.isEmpty();
    }

    /** Callers hold this socket's lock. */
    public List<String> watchedUsers() {
        return watchedUsers;
    }

    public void watchedUsers(List<String> users) {
        this.watchedUsers = users;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String username() {
        return username;
    }

    public List<String> roles() {
        return roles;
    }

    public String ip() {
        return ip;
    }

    public String userAgent() {
        return userAgent;
    }

    public long tokenExpiresAtMs() {
        return tokenExpiresAtMs;
    }

    public String familyId() {
        return familyId;
    }

    public long lastSeenMs() {
        return lastSeenMs;
    }
}
