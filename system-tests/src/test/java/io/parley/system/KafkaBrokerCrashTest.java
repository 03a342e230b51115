package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.devstack.IsolatedDevstack;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guarantee 4 with the Kafka broker as the crashing part: SIGKILL of the broker mid-burst, restarted on the same
 * ports and data. Runs on {@link ParleyStack#isolated()}, never on the shared devstack.
 */
class KafkaBrokerCrashTest {

    private static final int BURST = 60;

    private final ParleyStack stack = ParleyStack.isolated();
    private final Rest rest = stack.rest();

    @Test
    void acknowledgedMessagesSurviveABrokerCrashAndRetriesCreateNoDuplicates() throws Exception {
        TestUser owner = stack.newUser("brokercrash");
        TestUser watcherA = stack.newUser("wa");
        TestUser watcherB = stack.newUser("wb");
        String channel = Chat.createChannel(rest, owner, "public");
        Chat.join(rest, watcherA, channel);
        Chat.join(rest, watcherB, channel);

        // another test may just have restarted a service or the broker: start once a send goes through end to end
        awaitASendAcknowledged(owner, channel);

        Map<String, String> textByClientMsgId = new LinkedHashMap<>();
        Map<String, String> acked = new HashMap<>();
        List<String> toRetry = new ArrayList<>();
        try (Subscriber onA = new Subscriber(stack.port("gateway-a"), watcherA, channel);
                Subscriber onB = new Subscriber(stack.port("gateway-b"), watcherB, channel)) {
            try (WsClient socket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
                Map<String, String> requestByClientMsgId = sendABurstCrashingTheBroker(socket, channel,
                        textByClientMsgId);
                // every request gets one answer: ok (durable) or an error (then the client retries); a request whose
                // socket closed before its answer is retried too
                for (var entry : requestByClientMsgId.entrySet()) {
                    JsonNode reply = replyOrNull(socket, entry.getValue());
                    if (reply != null && "ok".equals(reply.path("op").asText())) {
                        acked.put(entry.getKey(), reply.path("d").path("messageId").asText());
                    } else {
                        toRetry.add(entry.getKey());
                    }
                }
                assertOneAnswerEach(socket, requestByClientMsgId);
            }
            System.out.printf("broker crash: %d of %d sends acknowledged at the first try, %d retried%n",
                    acked.size(), BURST, toRetry.size());
            try (WsClient retrying = WsClient.connect(stack.port("gateway-b"), owner.token())) {
                for (String clientMsgId : toRetry) {
                    JsonNode ok = await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                            .until(() -> retrying.call("send", Chat.message(channel,
                                    textByClientMsgId.get(clientMsgId), clientMsgId)), r -> r.has("messageId"));
                    acked.put(clientMsgId, ok.path("messageId").asText());
                }
            }

            List<JsonNode> history = Chat.history(rest, owner, channel);
            assertEachTextOnceWithItsAcknowledgedId(history, textByClientMsgId, acked);
            Chat.assertExactlyOnceInOrder("history", history.stream().map(m -> m.path("seq").asLong())
                    .filter(seq -> seq > onA.start()).toList(), onA.start(), onA.start() + BURST);
            onA.assertReceivesExactlyOnceInOrder("subscriber on gateway A", BURST, Duration.ofSeconds(120));
            onB.assertReceivesExactlyOnceInOrder("subscriber on gateway B", BURST, Duration.ofSeconds(120));
        }
        // a messaging channel that failed for good would leave its service not ready
        List<String> notReady = stack.services().stream().filter(name -> !stack.ready(name)).toList();
        assertTrue(notReady.isEmpty(), "not ready after the broker restart: " + notReady);
    }

    /**
     * Sends {@value BURST} messages without waiting for answers; the broker is killed (SIGKILL) after the 21st, once
     * some are acknowledged, and started again after the last. @return the request id of each clientMsgId
     */
    private Map<String, String> sendABurstCrashingTheBroker(WsClient socket, String channel,
            Map<String, String> textByClientMsgId) throws Exception {
        IsolatedDevstack infra = stack.infra();
        Map<String, String> requestByClientMsgId = new LinkedHashMap<>();
        try {
            for (int i = 0; i < BURST; i++) {
                String clientMsgId = UUID.randomUUID().toString();
                String text = "brokercrash " + i + " " + clientMsgId;
                textByClientMsgId.put(clientMsgId, text);
                requestByClientMsgId.put(clientMsgId, socket.send("send", Chat.message(channel, text, clientMsgId)));
                if (i == 20) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> countOks(socket) >= 5);
                    infra.crashKafka();
                }
            }
        } finally {
            if (!infra.kafkaRunning()) {
                infra.restartKafka();
            }
        }
        return requestByClientMsgId;
    }

    private void awaitASendAcknowledged(TestUser owner, String channel) throws Exception {
        String clientMsgId = UUID.randomUUID().toString();
        try (WsClient socket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> socket.call("send", Chat.message(channel, "warm-up", clientMsgId)), r -> r.has("seq"));
        }
    }

    /** Every sent text is in history exactly once, under the messageId its ok (first or retried) named. */
    private static void assertEachTextOnceWithItsAcknowledgedId(List<JsonNode> history,
            Map<String, String> textByClientMsgId, Map<String, String> acked) {
        Map<String, List<String>> idsByText = new HashMap<>();
        for (JsonNode message : history) {
            idsByText.computeIfAbsent(message.path("text").asText(), t -> new ArrayList<>())
                    .add(message.path("id").asText());
        }
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> otherId = new ArrayList<>();
        for (var entry : textByClientMsgId.entrySet()) {
            List<String> ids = idsByText.getOrDefault(entry.getValue(), List.of());
            if (ids.isEmpty()) {
                missing.add(entry.getValue());
            } else if (ids.size() > 1) {
                duplicated.add(entry.getValue() + " ×" + ids.size());
            } else if (!ids.get(0).equals(acked.get(entry.getKey()))) {
                otherId.add(entry.getValue() + ": acknowledged " + acked.get(entry.getKey()) + ", stored "
                        + ids.get(0));
            }
        }
        assertTrue(missing.isEmpty() && duplicated.isEmpty() && otherId.isEmpty(), "after the broker crash: missing "
                + missing + ", duplicated " + duplicated + ", acknowledged under another id " + otherId);
        assertTrue(acked.size() == textByClientMsgId.size(), "every send acknowledged once retried: " + acked.size()
                + " of " + textByClientMsgId.size());
    }

    /** The protocol's one answer per request: never an error and later an ok (or two of either) for one id. */
    private static void assertOneAnswerEach(WsClient socket, Map<String, String> requestByClientMsgId) {
        Map<String, Long> answers = new HashMap<>();
        for (JsonNode frame : socket.frames()) {
            String op = frame.path("op").asText();
            if (("ok".equals(op) || "error".equals(op)) && frame.hasNonNull("id")) {
                answers.merge(frame.path("id").asText(), 1L, Long::sum);
            }
        }
        List<String> repeated = requestByClientMsgId.values().stream().filter(id -> answers.getOrDefault(id, 0L) > 1)
                .map(id -> id + " ×" + answers.get(id)).toList();
        assertTrue(repeated.isEmpty(), "requests answered more than once: " + repeated);
    }

    private static JsonNode replyOrNull(WsClient socket, String requestId) {
        try {
            return socket.reply(requestId);
        } catch (AssertionError closedOrSilent) {
            return null;
        }
    }

    private static long countOks(WsClient socket) {
        return socket.frames().stream().filter(f -> "ok".equals(f.path("op").asText())).count();
    }
}
