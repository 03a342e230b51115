package io.parley.gateway.socket;

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

    private volatile long tokenExpiresAtMs;
    private volatile long lastSeenMs;
    /** When the outbound queue was first seen over its bound (0: not over it). */
    private volatile long overBoundSinceMs;

    private Map<String, Subscription> subscriptions;
    private List<String> watchedUsers = List.of();
    private long abuseWindowStartMs;
    private int abuseCount;

    public ClientSocket(WebSocketConnection connection, WebSocketBase raw, VerifiedHandshake handshake, long nowMs) {
        this.id = connection.id();
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
    }

    /** Queues a frame; never blocks. A socket that stays over its outbound bound is closed by the sweep. */
    public void send(OutboundFrame frame) {
        if (raw == null) {
            connection.sendText(frame.text()).subscribe().with(ignored -> {
            }, failure -> {
            });
            return;
        }
        if (raw.isClosed()) {
            return;
        }
        if (raw.writeQueueFull()) {
            if (overBoundSinceMs == 0) {
                overBoundSinceMs = System.currentTimeMillis();
            }
        } else if (overBoundSinceMs != 0) {
            overBoundSinceMs = 0;
        }
        raw.writeFrame(frame.toWebSocketFrame());
    }

    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }

    public boolean isOpen() {
        return connection.isOpen();
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
