package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incoming webhooks over the real stack (issue 22.2, docs/webhooks.md): a channel's owner creates a webhook for
 * their bot; anonymous POSTs through the gateway become the bot's messages, which a subscriber's socket receives as
 * {@code message.created} in seq order; one idempotency key posted three times (two at once) is one message; a
 * deleted webhook answers 404 at once.
 */
class IncomingWebhooksTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void webhookPostsReachSubscribersInSeqOrderOncePerKeyUntilDeleted() throws Exception {
        TestUser owner = stack.newUser("hookowner");
        TestUser reader = stack.newUser("hookreader");
        String botId = newBot(owner);
        String channel = Chat.createChannel(rest, owner, "private");
        Rest.Response invited = rest.post("/api/channels/" + channel + "/members", owner.token(), Map.of("userId", botId));
        assertEquals(204, invited.status(), invited.raw());
        Chat.invite(rest, owner, channel, reader);

        Rest.Response created = rest.post("/api/channels/" + channel + "/webhooks", owner.token(),
                Map.of("name", "Deploys", "botId", botId));
        assertEquals(201, created.status(), created.raw());
        String webhookId = created.body().path("webhook").path("id").asText();
        String url = created.body().path("webhook").path("url").asText();
        assertTrue(url.startsWith("/api/hooks/" + webhookId + "/"), url);

        try (WsClient socket = WsClient.connect(stack.port("gateway-b"), reader.token())) {
            socket.call("subscribe", Map.of("channelId", channel));
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Rest.Response posted = rest.post(url, null, Map.of("text", "deploy " + i));
                assertEquals(200, posted.status(), posted.raw());
                seqs.add(posted.body().path("seq").asLong());
            }
            // one key three times: once, then twice at the same moment
            Map<String, Object> keyed = Map.of("text", "keyed", "idempotencyKey", "release-7",
                    "displayName", "Release train");
            Rest.Response first = rest.post(url, null, keyed);
            assertEquals(200, first.status(), first.raw());
            List<CompletableFuture<Rest.Response>> again = List.of(
                    CompletableFuture.supplyAsync(() -> rest.post(url, null, keyed)),
                    CompletableFuture.supplyAsync(() -> rest.post(url, null, keyed)));
            for (CompletableFuture<Rest.Response> f : again) {
                Rest.Response answer = f.get(30, TimeUnit.SECONDS);
                assertEquals(200, answer.status(), answer.raw());
                assertEquals(first.body().path("messageId").asText(), answer.body().path("messageId").asText());
                assertEquals(first.body().path("seq").asLong(), answer.body().path("seq").asLong());
            }
            seqs.add(first.body().path("seq").asLong());
            String last = "last " + UUID.randomUUID();
            Rest.Response lastPost = rest.post(url, null, Map.of("text", last));
            assertEquals(200, lastPost.status(), lastPost.raw());
            seqs.add(lastPost.body().path("seq").asLong());

            // everything posted before the last message has a smaller seq, so it arrived before it
            socket.await(f -> "message.created".equals(f.path("t").asText())
                    && last.equals(f.path("d").path("message").path("text").asText()), Duration.ofSeconds(30));
            List<JsonNode> events = socket.events("message.created", channel);
            List<Long> received = events.stream().map(e -> e.path("d").path("seq").asLong()).toList();
            assertEquals(seqs, received, "every post once, in seq order: " + events);
            for (int i = 1; i < received.size(); i++) {
                assertEquals(received.get(i - 1) + 1, received.get(i), "no gap: " + received);
            }
            for (JsonNode e : events) {
                assertEquals(botId, e.path("d").path("message").path("senderId").asText(), e.toString());
                assertEquals(webhookId, e.path("d").path("message").path("webhook").path("id").asText(), e.toString());
            }
            List<JsonNode> keyedEvents = events.stream()
                    .filter(e -> "keyed".equals(e.path("d").path("message").path("text").asText())).toList();
            assertEquals(1, keyedEvents.size(), "one message for the key posted three times");
            assertEquals("Release train",
                    keyedEvents.get(0).path("d").path("message").path("webhook").path("displayName").asText());
            assertEquals("Deploys", events.get(0).path("d").path("message").path("webhook").path("displayName").asText(),
                    "the webhook's name when the post gives no displayName");
        }

        Rest.Response deleted = rest.delete("/api/webhooks/" + webhookId, owner.token());
        assertEquals(204, deleted.status(), deleted.raw());
        Rest.Response gone = rest.post(url, null, Map.of("text", "after delete"));
        assertEquals(404, gone.status(), gone.raw());
        assertEquals("NOT_FOUND", gone.code());
    }

    /** A bot of {@code owner} through the gateway (POST /api/bots); its id. */
    private String newBot(TestUser owner) {
        String username = ("hook_" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
        Rest.Response created = rest.post("/api/bots", owner.token(), Map.of("username", username));
        assertEquals(201, created.status(), created.raw());
        return created.body().path("bot").path("id").asText();
    }
}
