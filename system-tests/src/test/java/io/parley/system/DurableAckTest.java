package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guarantee 4: an ok for send survives a crash (SIGKILL) of chat-service mid-burst; retries never duplicate. */
class DurableAckTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void acknowledgedMessagesSurviveAChatServiceCrashAndRetriesCreateNoDuplicates() throws Exception {
        TestUser owner = stack.newUser("durable");
        String channel = Chat.createChannel(rest, owner, "public");
        Map<String, String> textByClientMsgId = new LinkedHashMap<>();
        Map<String, String> requestByClientMsgId = new HashMap<>();
        Map<String, String> acked = new HashMap<>();
        try (WsClient socket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
            for (int i = 0; i < 60; i++) {
                String clientMsgId = UUID.randomUUID().toString();
                String text = "durable " + i + " " + clientMsgId;
                textByClientMsgId.put(clientMsgId, text);
                requestByClientMsgId.put(clientMsgId, socket.send("send", Chat.message(channel, text, clientMsgId)));
                if (i == 20) {
                    // crash mid-burst, once some sends have been acknowledged
                    await().atMost(Duration.ofSeconds(30)).until(() -> countOks(socket) >= 5);
                    stack.kill("chat-service");
                }
            }
            // every request gets exactly one answer: ok (durable) or an error (then the client retries)
            List<String> toRetry = new ArrayList<>();
            for (var entry : requestByClientMsgId.entrySet()) {
                JsonNode reply = socket.reply(entry.getValue());
                if ("ok".equals(reply.path("op").asText())) {
                    acked.put(entry.getKey(), reply.path("d").path("messageId").asText());
                } else {
                    toRetry.add(entry.getKey());
                }
            }
            stack.restart("chat-service");
            for (String clientMsgId : toRetry) {
                JsonNode ok = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> socket.call("send", Chat.message(channel, textByClientMsgId.get(clientMsgId),
                                clientMsgId)), r -> r.has("messageId"));
                acked.put(clientMsgId, ok.path("messageId").asText());
            }
        }
        List<JsonNode> history = Chat.history(rest, owner, channel);
        Map<String, Integer> copies = new HashMap<>();
        for (JsonNode message : history) {
            copies.merge(message.path("text").asText(), 1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (var entry : textByClientMsgId.entrySet()) {
            int n = copies.getOrDefault(entry.getValue(), 0);
            if (n == 0) {
                missing.add(entry.getValue());
            } else if (n > 1) {
                duplicated.add(entry.getValue() + " ×" + n);
            }
        }
        assertTrue(missing.isEmpty() && duplicated.isEmpty(),
                "after the crash: missing " + missing + ", duplicated " + duplicated);
        assertEquals(60, acked.size(), "every send acknowledged once retried");
        Chat.assertExactlyOnceInOrder("history", history.stream().map(m -> m.path("seq").asLong()).toList(),
                history.get(0).path("seq").asLong() - 1, history.get(history.size() - 1).path("seq").asLong());
    }

    private static long countOks(WsClient socket) {
        return socket.frames().stream().filter(f -> "ok".equals(f.path("op").asText())).count();
    }
}
