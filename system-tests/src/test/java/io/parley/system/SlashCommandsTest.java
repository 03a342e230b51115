package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slash command round trip over the real stack (issue 22.4): a bot made through auth-service registers /weather,
 * a user's /weather reaches the bot's socket as command.invoked, the ephemeral answer reaches every socket of that
 * user and no one else's, and a public answer is a message of the bot with a seq; no command becomes a message.
 */
class SlashCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void anEphemeralAnswerReachesOnlyTheCallersSocketsAndAPublicOneIsABotMessage() throws Exception {
        TestUser owner = stack.newUser("slashowner");
        TestUser other = stack.newUser("slashother");
        TestUser bot = newBot(owner);
        String channel = Chat.createChannel(rest, owner, "private");
        // chat-service learns the new bot from auth.users: the first invites may be early
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Chat.invite(rest, owner, channel, bot));
        Chat.invite(rest, owner, channel, other);
        assertEquals(201, register(bot, channel, "weather").statusCode());

        Rest.Response listed = rest.get("/api/channels/" + channel + "/commands", other.token());
        assertEquals(200, listed.status(), listed.raw());
        assertEquals("weather", listed.body().path("commands").path(0).path("name").asText());

        try (WsClient botSocket = WsClient.connect(stack.port("gateway-b"), bot.token());
             WsClient ownerA = WsClient.connect(stack.port("gateway-a"), owner.token());
             WsClient ownerB = WsClient.connect(stack.port("gateway-b"), owner.token());
             // on the gateway of one of the owner's sockets: see the marker below
             WsClient otherA = WsClient.connect(stack.port("gateway-a"), other.token())) {
            for (WsClient socket : List.of(ownerA, ownerB, otherA)) {
                socket.call("subscribe", Map.of("channelId", channel));
            }
            JsonNode ok = ownerA.call("send", Chat.message(channel, "/weather Paris", UUID.randomUUID().toString()));
            String invocationId = ok.path("invocationId").asText();
            assertEquals("weather", ok.path("command").asText());
            assertFalse(ok.has("seq"), "a command takes no seq: " + ok);

            JsonNode invoked = botSocket.await(f -> event(f, "command.invoked", invocationId), WAIT).path("d");
            assertEquals(channel, invoked.path("channelId").asText());
            assertEquals("Paris", invoked.path("args").asText());
            assertEquals(owner.id(), invoked.path("userId").asText());

            Rest.Response answered = rest.post("/api/commands/invocations/" + invocationId + "/response", bot.token(),
                    Map.of("text", "Sunny, 21°C", "ephemeral", true));
            assertEquals(200, answered.status(), answered.raw());
            for (WsClient socket : List.of(ownerA, ownerB)) {
                JsonNode response = socket.await(f -> event(f, "command.response", invocationId), WAIT).path("d");
                assertEquals("Sunny, 21°C", response.path("text").asText());
                assertEquals(bot.id(), response.path("botId").asText());
                assertTrue(response.path("ephemeral").asBoolean());
            }

            // marker: the other user's own answer, through the same gateway that already delivered the owner's;
            // once it is on their socket, the owner's answer would have been there before it
            String marker = otherA.call("send", Chat.message(channel, "/weather Oslo", UUID.randomUUID().toString()))
                    .path("invocationId").asText();
            botSocket.await(f -> event(f, "command.invoked", marker), WAIT);
            assertEquals(200, rest.post("/api/commands/invocations/" + marker + "/response", bot.token(),
                    Map.of("text", "Snow", "ephemeral", true)).status());
            otherA.await(f -> event(f, "command.response", marker), WAIT);
            assertTrue(otherA.frames().stream().noneMatch(f -> event(f, "command.response", invocationId)),
                    "the owner's ephemeral answer reached another user");
            assertTrue(ownerA.frames().stream().noneMatch(f -> event(f, "command.response", marker)),
                    "the other user's ephemeral answer reached the owner");

            // a public answer: a message of the bot, with the next seq (member.joined of owner, bot, other: 1-3)
            String publicId = ownerB.call("send", Chat.message(channel, "/weather Rome", UUID.randomUUID().toString()))
                    .path("invocationId").asText();
            botSocket.await(f -> event(f, "command.invoked", publicId), WAIT);
            Rest.Response posted = rest.post("/api/commands/invocations/" + publicId + "/response", bot.token(),
                    Map.of("text", "Rain in Rome", "ephemeral", false));
            assertEquals(200, posted.status(), posted.raw());
            assertEquals(4, posted.body().path("seq").asLong(), posted.raw());
            String messageId = posted.body().path("messageId").asText();
            for (WsClient socket : List.of(ownerA, ownerB, otherA)) {
                JsonNode created = socket.await(f -> "message.created".equals(f.path("t").asText())
                        && messageId.equals(f.path("d").path("message").path("id").asText()), WAIT).path("d");
                assertEquals(4, created.path("seq").asLong());
                assertEquals(bot.id(), created.path("message").path("senderId").asText());
                assertEquals("Rain in Rome", created.path("message").path("text").asText());
                assertEquals(publicId, created.path("message").path("invocation").path("id").asText());
                // none of the three commands became a message
                assertEquals(List.of(messageId), socket.events("message.created", channel).stream()
                        .map(f -> f.path("d").path("message").path("id").asText()).toList());
            }
        }
        List<JsonNode> history = Chat.history(rest, owner, channel);
        assertEquals(List.of("Rain in Rome"), history.stream().map(m -> m.path("text").asText()).toList());
    }

    private static boolean event(JsonNode frame, String type, String invocationId) {
        return "event".equals(frame.path("op").asText()) && type.equals(frame.path("t").asText())
                && invocationId.equals(frame.path("d").path("invocationId").asText());
    }

    /** PUT /api/commands as the bot (Rest has no PUT). */
    private HttpResponse<String> register(TestUser bot, String channel, String name) throws Exception {
        String body = Rest.JSON.writeValueAsString(Map.of("channelId", channel, "name", name,
                "description", "The weather of a city", "usage", "[city]"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port("gateway-a")
                        + "/api/commands")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + bot.token()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return response;
    }

    /** A bot of {@code owner} through auth-service, its token exchanged for an access JWT. */
    private TestUser newBot(TestUser owner) {
        String username = ("slashbot_" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
        Rest.Response created = rest.post("/api/bots", owner.token(), Map.of("username", username));
        assertEquals(201, created.status(), created.raw());
        Rest.Response exchanged = rest.post("/api/auth/bot-token", null,
                Map.of("token", created.body().path("token").asText()));
        assertEquals(200, exchanged.status(), exchanged.raw());
        return new TestUser(created.body().path("bot").path("id").asText(), username, null,
                exchanged.body().path("accessToken").asText());
    }
}
