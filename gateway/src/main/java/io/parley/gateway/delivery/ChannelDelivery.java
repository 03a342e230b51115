package io.parley.gateway.delivery;

import io.parley.gateway.client.ChannelEventsPage;
import io.parley.gateway.client.ChatInternalClient;
import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.service.FanOutIndex;
import io.parley.gateway.service.GatewayMetrics;
import io.parley.gateway.socket.ClientSocket;
import io.parley.gateway.socket.FrameEncoder;
import io.parley.gateway.socket.OutboundFrame;
import io.parley.gateway.socket.Subscription;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Delivers a channel's events to its local subscribers in {@code seq} order with no gap and no duplicate. A socket
 * whose next live event skips ahead (or that subscribed with {@code sinceSeq}) gets the missing events from
 * chat-service's event log first, marked as replay, while its live events are held; held events already replayed are
 * dropped. This is the fan-out hot path: one index probe per event, then a loop over an immutable array.
 */
@ApplicationScoped
public class ChannelDelivery {

    private static final Logger LOG = Logger.getLogger(ChannelDelivery.class);

    /** Closed when a socket cannot be brought up to date: it reconnects and recovers with sinceSeq. */
    static final int CLOSE_CANNOT_RECOVER = 1011;
    static final int CLOSE_TOO_FAR_BEHIND = 1013;

    private final FanOutIndex<SubscriptionCursor> subscribers = new FanOutIndex<>();
    private final ChatInternalClient chat;
    private final GatewayMetrics metrics;
    private final GatewayConfig.Replay replay;

    public ChannelDelivery(@RestClient ChatInternalClient chat, GatewayMetrics metrics, GatewayConfig config) {
        this.chat = chat;
        this.metrics = metrics;
        this.replay = config.replay();
    }

    /** @return how many local sockets the event was offered to */
    public int deliver(String channelId, long seq, OutboundFrame frame) {
        Object[] cursors = subscribers.receivers(channelId);
        for (Object cursor : cursors) {
            offer((SubscriptionCursor) cursor, seq, frame);
        }
        return cursors.length;
    }

    /**
     * Registers a subscription that holds live events until {@link #release} or {@link #replayAfter}: the caller sends
     * the {@code ok} in between, so it always comes first.
     */
    public SubscriptionCursor open(ClientSocket socket, String channelId, long lastSeq) {
        SubscriptionCursor cursor = new SubscriptionCursor(socket, channelId, lastSeq);
        subscribers.add(channelId, cursor);
        return cursor;
    }

    /** Typing and other seq-less events: straight to the channel's subscribers, except the sockets of {@code skipUserId}. */
    public int deliverEphemeral(String channelId, OutboundFrame frame, String skipUserId) {
        int sent = 0;
        for (Object o : subscribers.receivers(channelId)) {
            SubscriptionCursor cursor = (SubscriptionCursor) o;
            if (!cursor.socket.userId().equals(skipUserId)) {
                cursor.socket.send(frame);
                sent++;
            }
        }
        return sent;
    }

    /** Replaces any previous subscription of the socket to the channel. */
    public void attach(ClientSocket socket, SubscriptionCursor cursor) {
        Subscription previous;
        synchronized (socket) {
            previous = socket.subscriptions().put(cursor.channelId, cursor);
        }
        if (previous != null) {
            close((SubscriptionCursor) previous);
        }
        if (!socket.isOpen()) {
            // the socket closed while the subscribe was in flight: its cleanup may have run already
            unsubscribe(socket, cursor.channelId);
        }
    }

    /** Takes back one attached subscription (and only that one: a newer subscribe of the channel stays). */
    public void detach(ClientSocket socket, SubscriptionCursor cursor) {
        synchronized (socket) {
            if (socket.hasSubscriptions()) {
                socket.subscriptions().remove(cursor.channelId, cursor);
            }
        }
        close(cursor);
    }

    public void unsubscribe(ClientSocket socket, String channelId) {
        Subscription removed;
        synchronized (socket) {
            removed = socket.hasSubscriptions() ? socket.subscriptions().remove(channelId) : null;
        }
        if (removed != null) {
            close((SubscriptionCursor) removed);
        }
    }

    public void unsubscribeAll(ClientSocket socket) {
        java.util.List<Subscription> all;
        synchronized (socket) {
            if (!socket.hasSubscriptions()) {
                return;
            }
            all = new java.util.ArrayList<>(socket.subscriptions().values());
            socket.subscriptions().clear();
        }
        all.forEach(subscription -> close((SubscriptionCursor) subscription));
    }

    public void close(SubscriptionCursor cursor) {
        synchronized (cursor) {
            cursor.closed = true;
            cursor.held = null;
        }
        subscribers.remove(cursor.channelId, cursor);
    }

    /** Lets held live events through (fetching first if they do not follow on). */
    public void release(SubscriptionCursor cursor) {
        long fetchAfter;
        synchronized (cursor) {
            fetchAfter = drainHeld(cursor);
        }
        if (fetchAfter >= 0) {
            fetch(cursor, fetchAfter, 1);
        }
    }

    /** Replays every event after {@code cursor}'s seq, then the held live ones. */
    public void replayAfter(SubscriptionCursor cursor) {
        long after;
        synchronized (cursor) {
            after = cursor.lastSeq;
        }
        fetch(cursor, after, 1);
    }

    private void offer(SubscriptionCursor cursor, long seq, OutboundFrame frame) {
        long fetchAfter;
        synchronized (cursor) {
            if (cursor.closed) {
                return;
            }
            if (cursor.replaying) {
                holdOrClose(cursor, seq, frame);
                return;
            }
            if (seq <= cursor.lastSeq) {
                return;
            }
            if (seq == cursor.lastSeq + 1) {
                cursor.socket.send(frame);
                cursor.lastSeq = seq;
                return;
            }
            cursor.replaying = true;
            holdOrClose(cursor, seq, frame);
            fetchAfter = cursor.lastSeq;
        }
        fetch(cursor, fetchAfter, 1);
    }

    private void holdOrClose(SubscriptionCursor cursor, long seq, OutboundFrame frame) {
        if (!cursor.hold(seq, frame, replay.maxHeld())) {
            cursor.closed = true;
            cursor.held = null;
            cursor.socket.close(CLOSE_TOO_FAR_BEHIND, "too far behind, reconnect with sinceSeq");
        }
    }

    private void fetch(SubscriptionCursor cursor, long after, int attempt) {
        chat.events(cursor.channelId, after, replay.maxEvents())
                .subscribe().with(page -> applyPage(cursor, page, after, attempt), failure -> retry(cursor, attempt, failure));
    }

    private void applyPage(SubscriptionCursor cursor, ChannelEventsPage page, long requestedAfter, int attempt) {
        long fetchAfter;
        boolean progressed;
        synchronized (cursor) {
            if (cursor.closed) {
                return;
            }
            int replayed = 0;
            for (ChannelEventsPage.Event event : page.eventsOrEmpty()) {
                long seq = event.seq();
                if (seq <= cursor.lastSeq) {
                    continue;
                }
                cursor.socket.send(FrameEncoder.event(event.t(), event.d(), true));
                cursor.lastSeq = seq;
                replayed++;
            }
            metrics.replayed(replayed);
            progressed = cursor.lastSeq > requestedAfter;
            if (page.eventsOrEmpty().size() >= replay.maxEvents() && page.lastSeq() > cursor.lastSeq) {
                fetchAfter = cursor.lastSeq;
            } else {
                fetchAfter = drainHeld(cursor);
            }
        }
        if (fetchAfter < 0) {
            return;
        }
        if (progressed) {
            fetch(cursor, fetchAfter, 1);
        } else {
            // the log does not have the missing events yet (or lags): try again shortly, bounded
            retry(cursor, attempt, null);
        }
    }

    /** Sends held events that follow on; @return the seq to fetch after when a gap remains, else -1. Holds the lock. */
    private long drainHeld(SubscriptionCursor cursor) {
        if (cursor.closed) {
            return -1;
        }
        while (cursor.held != null && !cursor.held.isEmpty()) {
            SubscriptionCursor.Held next = cursor.held.peekFirst();
            if (next.seq() <= cursor.lastSeq) {
                cursor.held.pollFirst();
            } else if (next.seq() == cursor.lastSeq + 1) {
                cursor.held.pollFirst();
                cursor.socket.send(next.frame());
                cursor.lastSeq = next.seq();
            } else {
                cursor.replaying = true;
                return cursor.lastSeq;
            }
        }
        cursor.held = null;
        cursor.replaying = false;
        return -1;
    }

    private void retry(SubscriptionCursor cursor, int attempt, Throwable failure) {
        if (attempt >= replay.fetchAttempts()) {
            LOG.warnf("cannot recover events of channel %s for connection %s: %s", cursor.channelId, cursor.socket.id(),
                    failure == null ? "events missing from the log" : failure.getMessage());
            synchronized (cursor) {
                cursor.closed = true;
                cursor.held = null;
            }
            subscribers.remove(cursor.channelId, cursor);
            cursor.socket.close(CLOSE_CANNOT_RECOVER, "cannot recover missed events, reconnect with sinceSeq");
            return;
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(200L * attempt))
                .subscribe().with(ignored -> {
                    long after;
                    synchronized (cursor) {
                        if (cursor.closed) {
                            return;
                        }
                        after = cursor.lastSeq;
                    }
                    fetch(cursor, after, attempt + 1);
                });
    }
}
