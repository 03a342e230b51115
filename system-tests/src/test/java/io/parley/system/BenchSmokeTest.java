package io.parley.system;

import io.parley.bench.BenchOptions;
import io.parley.bench.BenchResult;
import io.parley.bench.BenchRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness keeps working against the real platform: its fan-out and DM scenarios in smoke size (a few
 * seconds, a few dozen sockets) through gateway A of the running stack. Only correctness is asserted (every send
 * acknowledged and delivered exactly once); timing is what the real runs measure (docs/benchmarks.md), never a test.
 */
class BenchSmokeTest {

    private final ParleyStack stack = ParleyStack.get();

    @Test
    void fanoutDeliversEveryAcknowledgedMessageToEverySubscriberOnce() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("fanout", "--url", gatewayUrl(), "--no-start",
                "--no-baseline", "--subscribers", "20", "--sockets-per-user", "5", "--senders", "2", "--rate", "10",
                "--duration", "3s", "--warmup", "1s"));

        assertEquals(0L, result.lost(), "lost deliveries " + result.toJson());
        assertEquals(0L, result.duplicated(), "duplicated deliveries " + result.toJson());
        assertEquals(count(result, "messagesSent"), count(result, "messagesAcknowledged"),
                "every send acknowledged " + result.toJson());
        assertTrue(result.deliveriesPerSec() > 0, "deliveries " + result.toJson());
        assertEquals(22, result.sockets());
    }

    @Test
    void dmRoundTripsEveryPingThroughChatService() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("dm", "--url", gatewayUrl(), "--no-start",
                "--no-baseline", "--pairs", "4", "--rate", "16", "--duration", "3s", "--warmup", "1s"));

        assertEquals(0L, result.lost(), "lost " + result.toJson());
        assertEquals(0L, result.duplicated(), "duplicated " + result.toJson());
        assertEquals(count(result, "pingsSent"), count(result, "pingsAcknowledged"),
                "every ping acknowledged " + result.toJson());
        assertEquals(0L, count(result, "unanswered"), "unanswered " + result.toJson());
    }

    @Test
    void dmWithBotsAndOutgoingSubscriptionsDeliversEveryPingToTheReceiverInOrder() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("dm", "--url", gatewayUrl(), "--no-start",
                "--no-baseline", "--pairs", "4", "--rate", "8", "--duration", "3s", "--warmup", "1s",
                "--hook-delay", "50ms"));

        assertEquals(0L, result.lost(), "lost " + result.toJson());
        assertEquals(count(result, "pingsSent"), count(result, "pingsAcknowledged"),
                "every ping acknowledged " + result.toJson());
        assertEquals(count(result, "pingsAcknowledged"), count(result, "hookPingsDelivered"),
                "every ping delivered to the subscription receiver " + result.toJson());
        assertEquals(0L, count(result, "hookOutOfOrder"), "out of order " + result.toJson());
        assertEquals(0L, count(result, "hookBadSignature"), "bad signatures " + result.toJson());
        assertEquals(0L, count(result, "hookUnreadable"), "unreadable deliveries " + result.toJson());
    }

    private static long count(BenchResult result, String field) {
        return ((Number) result.extra().get(field)).longValue();
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + stack.port("gateway-a");
    }
}
