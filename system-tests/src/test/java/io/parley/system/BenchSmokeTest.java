package io.parley.system;

import io.parley.bench.BenchOptions;
import io.parley.bench.BenchResult;
import io.parley.bench.BenchRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness keeps working against the real platform: its fan-out and DM scenarios in smoke size (a few
 * seconds, a few dozen sockets) through gateway A of the running stack. Only correctness is asserted (every send
 * acknowledged and delivered exactly once, and the run's cost figures present); timing is what the real runs measure
 * (docs/benchmarks.md), never a test.
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
        assertCostMeasured(result);
        assertTrue(number(result, "cpuCoreMsPerDelivery") > 0, "per delivery " + result.toJson());
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
        assertEquals("users", result.extra().get("pongers"), "pongers " + result.toJson());
        // every round trip contains its ping's leg, so the leg's median cannot exceed the round trip's
        double pingLeg = ((Number) result.extra().get("pingLegP50Ms")).doubleValue();
        assertTrue(pingLeg > 0 && pingLeg <= result.p50Ms(), "ping leg " + result.toJson());
        assertCostMeasured(result);
    }

    @Test
    void dmWithBotPongersIsTheSameRunWithBotsAnswering() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("dm", "--url", gatewayUrl(), "--no-start",
                "--no-baseline", "--pairs", "4", "--rate", "16", "--duration", "3s", "--warmup", "1s",
                "--bot-pongers"));

        assertEquals("bots", result.extra().get("pongers"), "pongers " + result.toJson());
        assertEquals(0L, result.lost(), "lost " + result.toJson());
        assertEquals(count(result, "pingsSent"), count(result, "pingsAcknowledged"),
                "every ping acknowledged " + result.toJson());
        assertEquals(null, result.extra().get("hookPingsDelivered"), "no subscription " + result.toJson());
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

    /**
     * The run's cost (issue 21): CPU of each process on the message path over the window, the stack's CPU and
     * PostgreSQL's statements per message, and both floors, measured on this stack's own broker and server.
     */
    private static void assertCostMeasured(BenchResult result) {
        Object byProcess = result.extra().get("cpuByProcess");
        assertTrue(byProcess instanceof Map<?, ?>, "cpuByProcess " + result.toJson());
        for (String process : List.of("gateway", "chat", "kafka", "postgres", "bench")) {
            Object seconds = ((Map<?, ?>) byProcess).get(process);
            assertTrue(seconds instanceof Number n && n.doubleValue() > 0, process + " CPU " + result.toJson());
        }
        for (String field : List.of("cpuCoreMsPerMessage", "pgStatementsPerMessage", "floorHopMs", "floorCommitMs")) {
            assertTrue(number(result, field) > 0, field + " " + result.toJson());
        }
    }

    private static double number(BenchResult result, String field) {
        Object value = result.extra().get(field);
        return value instanceof Number n ? n.doubleValue() : -1;
    }

    private static long count(BenchResult result, String field) {
        return ((Number) result.extra().get(field)).longValue();
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + stack.port("gateway-a");
    }
}
