package io.parley.system;

import io.parley.system.ParleyStack.TestUser;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A client that stays subscribed to one channel through one gateway: when its socket is closed it reconnects and
 * subscribes with the last seq it saw, as the contract tells clients to. Its seqs are those of every socket in turn.
 */
final class Subscriber implements AutoCloseable {

    private final int gatewayPort;
    private final TestUser user;
    private final String channelId;
    private final List<Long> earlier = new ArrayList<>();
    private final long start;
    private WsClient socket;
    private int reconnects;

    /** Connects and subscribes; {@link #start()} is the channel's last seq at that moment. */
    Subscriber(int gatewayPort, TestUser user, String channelId) throws Exception {
        this.gatewayPort = gatewayPort;
        this.user = user;
        this.channelId = channelId;
        this.socket = WsClient.connect(gatewayPort, user.token());
        this.start = socket.call("subscribe", Map.of("channelId", channelId)).path("lastSeq").asLong();
    }

    long start() {
        return start;
    }

    int reconnects() {
        return reconnects;
    }

    /** The message.created seqs received so far, over every socket, reconnecting first if the socket was closed. */
    synchronized List<Long> seqs() throws Exception {
        if (socket.isClosed()) {
            earlier.addAll(Chat.seqs(socket.events("message.created", channelId)));
            long sinceSeq = earlier.isEmpty() ? start : earlier.get(earlier.size() - 1);
            socket = WsClient.connect(gatewayPort, user.token());
            socket.call("subscribe", Map.of("channelId", channelId, "sinceSeq", sinceSeq));
            reconnects++;
        }
        List<Long> all = new ArrayList<>(earlier);
        all.addAll(Chat.seqs(socket.events("message.created", channelId)));
        return all;
    }

    /** Waits (reconnecting as needed) until {@code count} messages arrived, then asserts start+1 … start+count. */
    void assertReceivesExactlyOnceInOrder(String who, int count, Duration timeout) throws Exception {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> seqs().size() >= count);
        } catch (ConditionTimeoutException e) {
            // the assertion below names the missing seqs
        }
        Chat.assertExactlyOnceInOrder(who + " (" + reconnects + " reconnects)", seqs(), start, start + count);
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}
