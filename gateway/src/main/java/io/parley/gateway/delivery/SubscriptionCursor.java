package io.parley.gateway.delivery;

import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.OutboundFrame;
import io.parley.gateway.socket.Subscription;

import java.util.ArrayDeque;

/**
 * One socket's position in one channel: the last {@code seq} it got, and, while a gap is being fetched, the live
 * events held back until the replay has caught up. Guarded by its own monitor (the fan-out thread and the replay
 * callbacks both touch it).
 */
public final class SubscriptionCursor implements Subscription {

    final ClientSocket socket;
    final String channelId;
    long lastSeq;
    boolean replaying;
    boolean closed;
    /** Held live events, in seq order (Kafka keeps a channel's events in order); null when none. */
    ArrayDeque<Held> held;

    SubscriptionCursor(ClientSocket socket, String channelId, long lastSeq) {
        this.socket = socket;
        this.channelId = channelId;
        this.lastSeq = lastSeq;
        this.replaying = true;
    }

    public ClientSocket socket() {
        return socket;
    }

    @Override
    public String channelId() {
        return channelId;
    }

    /** @return false when the hold is full (the socket cannot catch up and is closed instead) */
    boolean hold(long seq, OutboundFrame frame, int max) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        if (held.size() >= max) {
            return false;
        }
        held.addLast(new Held(seq, frame));
        return true;
    }

    record Held(long seq, OutboundFrame frame) {
    }
}
