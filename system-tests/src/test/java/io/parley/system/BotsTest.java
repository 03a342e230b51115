package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bot accounts over the real stack (issue 22.1, docs/bots.md): a bot created by a person connects with the access
 * token it exchanged its bot token for, answers a mention, sees nothing of a channel it is not in, and is cut off at
 * once when an admin disables it or its owner rotates its token.
 */
class BotsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void aBotConnectsWithItsTokenAndAnswersAMention() throws Exception {
        TestUser owner = stack.newUser("owner");
        Bot bot = newBot(owner);
        String channel = Chat.createChannel(rest, owner, "private");
        Chat.invite(rest, owner, channel, bot.user());

        try (WsClient ownerSocket = WsClient.connect(stack.port("gateway-a"), owner.token());
                WsClient botSocket = WsClient.connect(stack.port("gateway-b"), bot.user().token())) {
            ownerSocket.call("subscribe", Map.of("channelId", channel));
            botSocket.call("subscribe", Map.of("channelId", channel));
            String question = "hey @" + bot.user().username() + " what is the weather?";
            ownerSocket.call("send", Chat.message(channel, question, UUID.randomUUID().toString()));

            JsonNode mention = botSocket.await(f -> "mention".equals(f.path("t").asText())
                    && channel.equals(f.path("d").path("channelId").asText()), Duration.ofSeconds(30));
            assertEquals(owner.id(), mention.path("d").path("by").asText(), mention.toString());
            JsonNode asked = botSocket.await(f -> "message.created".equals(f.path("t").asText())
                    && question.equals(f.path("d").path("message").path("text").asText()), Duration.ofSeconds(30));
            assertEquals(mention.path("d").path("messageId").asText(), asked.path("d").path("message").path("id").asText(),
                    asked.toString());

            String answer = "sunny, " + UUID.randomUUID();
            botSocket.call("send", Chat.message(channel, answer, UUID.randomUUID().toString()));
            JsonNode answered = ownerSocket.await(f -> "message.created".equals(f.path("t").asText())
                    && answer.equals(f.path("d").path("message").path("text").asText()), Duration.ofSeconds(30));
            assertEquals(bot.user().id(), answered.path("d").path("message").path("senderId").asText(),
                    answered.toString());
        }
        // its own view says it is a bot, and whose
        JsonNode me = rest.get("/api/auth/me", bot.user().token()).body();
        assertTrue(me.path("bot").asBoolean(), me.toString());
        assertEquals(owner.id(), me.path("ownerId").asText());
    }

    @Test
    void aBotThatWasNotAddedSeesNothingOfAPrivateChannel() throws Exception {
        TestUser owner = stack.newUser("owner");
        Bot bot = newBot(owner);
        String channel = Chat.createChannel(rest, owner, "private");
        try (WsClient botSocket = WsClient.connect(stack.port("gateway-a"), bot.user().token())) {
            JsonNode refused = botSocket.reply(botSocket.send("subscribe", Map.of("channelId", channel)));
            assertEquals("NOT_FOUND", refused.path("d").path("code").asText(), refused.toString());
        }
        assertEquals(404, rest.get("/api/channels/" + channel + "/messages", bot.user().token()).status());
    }

    @Test
    void aDisabledBotIsCutOffAtOnce() throws Exception {
        TestUser admin = stack.login(stack.adminUsername, stack.adminPassword);
        TestUser owner = stack.newUser("owner");
        Bot bot = newBot(owner);
        try (WsClient botSocket = WsClient.connect(stack.port("gateway-b"), bot.user().token())) {
            HttpResponse<String> disabled = patch("/api/bots/" + bot.user().id(), admin.token(),
                    "{\"disabled\":true}");
            assertEquals(200, disabled.statusCode(), disabled.body());
            assertEquals(4003, botSocket.awaitClose(Duration.ofSeconds(30)));
        }
        // auth-service decides from its database: at once; the others once auth.users reached them (the socket above
        // closed when gateway-b had it)
        assertEquals(401, rest.get("/api/auth/me", bot.user().token()).status(), "auth-service refuses its JWT");
        assertEquals(401, exchange(bot.token()).status());
        awaitStatus(401, () -> rest.get("/api/channels", bot.user().token()).status(), "chat-service refuses its JWT");
        awaitStatus(401, () -> WsClient.handshakeStatus(stack.port("gateway-a"), bot.user().token()),
                "gateway-a refuses its JWT");
    }

    @Test
    void aRotatedTokenEndsTheOldTokenItsSocketsAndItsAccessTokens() throws Exception {
        TestUser owner = stack.newUser("owner");
        Bot bot = newBot(owner);
        String channel = Chat.createChannel(rest, owner, "public");
        Chat.join(rest, bot.user(), channel);
        String newToken;
        try (WsClient botSocket = WsClient.connect(stack.port("gateway-a"), bot.user().token())) {
            botSocket.call("subscribe", Map.of("channelId", channel));
            Rest.Response rotated = rest.post("/api/bots/" + bot.user().id() + "/token", owner.token(), Map.of());
            assertEquals(200, rotated.status(), rotated.raw());
            newToken = rotated.body().path("token").asText();
            assertNotEquals(bot.token(), newToken);
            assertEquals(4001, botSocket.awaitClose(Duration.ofSeconds(30)));
        }
        assertEquals(401, exchange(bot.token()).status(), "the old bot token");
        assertEquals(401, rest.get("/api/auth/me", bot.user().token()).status(), "the old access token");
        awaitStatus(401, () -> rest.get("/api/channels", bot.user().token()).status(), "the old access token");
        awaitStatus(401, () -> WsClient.handshakeStatus(stack.port("gateway-b"), bot.user().token()),
                "the old access token at the other gateway");

        Rest.Response exchanged = exchange(newToken);
        assertEquals(200, exchanged.status(), exchanged.raw());
        String fresh = exchanged.body().path("accessToken").asText();
        assertEquals(200, rest.get("/api/channels", fresh).status());
        try (WsClient botSocket = WsClient.connect(stack.port("gateway-b"), fresh)) {
            botSocket.call("subscribe", Map.of("channelId", channel));
        }
    }

    /** Waits (auth.users reaches each service on its own) until {@code status} answers {@code expected}. */
    private static void awaitStatus(int expected, java.util.concurrent.Callable<Integer> status, String what) {
        int[] last = {0};
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = status.call();
                return last[0] == expected;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": still " + last[0] + " after 30 s, expected " + expected);
        }
    }

    /** A bot and the bot token it was created with. */
    private record Bot(TestUser user, String token) {
    }

    /** A bot of {@code owner} through the gateway, its token exchanged for an access JWT. */
    private Bot newBot(TestUser owner) {
        String username = ("bot_" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
        Rest.Response created = rest.post("/api/bots", owner.token(), Map.of("username", username));
        assertEquals(201, created.status(), created.raw());
        assertEquals(owner.id(), created.body().path("bot").path("ownerId").asText(), created.raw());
        String token = created.body().path("token").asText();
        Rest.Response exchanged = exchange(token);
        assertEquals(200, exchanged.status(), exchanged.raw());
        return new Bot(new TestUser(created.body().path("bot").path("id").asText(), username, null,
                exchanged.body().path("accessToken").asText()), token);
    }

    private Rest.Response exchange(String token) {
        return rest.post("/api/auth/bot-token", null, Map.of("token", token));
    }

    private HttpResponse<String> patch(String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port("gateway-a") + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
