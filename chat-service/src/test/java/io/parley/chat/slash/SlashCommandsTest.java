package io.parley.chat.slash;

import io.parley.chat.support.TestBots;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.delete;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.Api.post;
import static io.parley.chat.support.TestCommands.command;
import static io.parley.chat.support.TestCommands.errorCode;
import static io.parley.chat.support.TestCommands.instance;
import static io.parley.chat.support.TestCommands.ok;
import static io.parley.chat.support.TestCommands.produce;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slash commands: registration by bot members, a send that invokes instead of posting, the bot's one answer. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class SlashCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    private static ValidatableResponse register(TestUser caller, String channelId, String name) {
        return given().auth().oauth2(caller.token()).contentType(ContentType.JSON)
                .body(Map.of("channelId", channelId, "name", name, "description", "the weather", "usage", "[city]"))
                .when().put("/api/commands").then();
    }

    private static ValidatableResponse respond(TestUser bot, String invocationId, Map<String, Object> body) {
        return post(bot, "/api/commands/invocations/" + invocationId + "/response", body);
    }

    private static ValidatableResponse restSend(TestUser user, String channelId, String text, String clientMsgId) {
        return post(user, "/api/channels/" + channelId + "/messages", Map.of("text", text, "clientMsgId", clientMsgId));
    }

    /** A channel owned by a person with a bot member (invited by the owner). */
    private record Room(TestUser owner, TestUser bot, String channelId) {
    }

    private Room room() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String id = channel(owner, "private");
        invite(owner, id, bot);
        return new Room(owner, bot, id);
    }

    @Test
    void onlyABotMemberRegistersAndMembersListTheCommands() {
        Room room = room();
        TestUser outsiderBot = TestBots.create(pool, room.owner());
        register(room.owner(), room.channelId(), "weather").statusCode(403).body("code", equalTo("FORBIDDEN"));
        register(outsiderBot, room.channelId(), "weather").statusCode(404).body("code", equalTo("NOT_FOUND"));
        register(room.bot(), room.channelId(), "weather").statusCode(201)
                .body("command.name", equalTo("weather")).body("command.botId", equalTo(room.bot().id().toString()));
        register(room.bot(), room.channelId(), "weather").statusCode(200);

        // a second bot member may not take the name
        invite(room.owner(), room.channelId(), outsiderBot);
        register(outsiderBot, room.channelId(), "weather").statusCode(409).body("code", equalTo("CONFLICT"));

        get(room.owner(), "/api/channels/" + room.channelId() + "/commands").statusCode(200)
                .body("commands.name", contains("weather")).body("commands[0].usage", equalTo("[city]"))
                .body("commands[0].description", equalTo("the weather"))
                .body("commands[0].botId", equalTo(room.bot().id().toString()));
        TestUser stranger = TestUsers.create(pool);
        get(stranger, "/api/channels/" + room.channelId() + "/commands").statusCode(404);
    }

    @Test
    void namesAndFieldsAreValidated() {
        Room room = room();
        for (String bad : List.of("Weather", "/weather", "", "-x", "a b", "x".repeat(33), "météo", "me")) {
            register(room.bot(), room.channelId(), bad).statusCode(400).body("code", equalTo("INVALID"));
        }
        given().auth().oauth2(room.bot().token()).contentType(ContentType.JSON)
                .body(Map.of("channelId", room.channelId(), "name", "ok")).when().put("/api/commands").then()
                .statusCode(400).body("message", containsString("description"));
        given().auth().oauth2(room.bot().token()).contentType(ContentType.JSON)
                .body(Map.of("channelId", "nope", "name", "ok", "description", "d")).when().put("/api/commands").then()
                .statusCode(400).body("code", equalTo("INVALID"));
        given().auth().oauth2(room.bot().token()).contentType(ContentType.JSON)
                .body(Map.of("channelId", room.channelId(), "name", "ok", "description", "x".repeat(201)))
                .when().put("/api/commands").then().statusCode(400).body("code", equalTo("INVALID"));
        register(room.bot(), room.channelId(), "a-1_b").statusCode(201);
    }

    @Test
    void aSendOfACommandInvokesTheBotOnceAndCreatesNoMessage() {
        Room room = room();
        register(room.bot(), room.channelId(), "weather").statusCode(201);
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies"); var users = TestKafka.tail("user.events");
                var events = TestKafka.tail("chat.events")) {
            Map<String, Object> d = Map.of("channelId", room.channelId(), "text", "/Weather  Paris tomorrow",
                    "clientMsgId", "c-1");
            produce(command(room.owner(), "send", room.channelId(), d, gateway, "frame-1"));
            Envelope reply = replies.await(e -> gateway.equals(e.subject()) && "frame-1".equals(TestKafka.text(e, "frameId")), 1, WAIT).get(0);
            String invocationId = ok(reply).path("invocationId").asText();
            assertEquals("weather", ok(reply).path("command").asText());
            assertFalse(ok(reply).has("seq"), "a command consumes no seq");

            Envelope invoked = users.await(e -> e.type().equals("command.invoked")
                    && room.bot().id().toString().equals(e.subject()), 1, WAIT).get(0);
            var event = invoked.data().path("d");
            assertEquals(invocationId, event.path("invocationId").asText());
            assertEquals(room.channelId(), event.path("channelId").asText());
            assertEquals("weather", event.path("command").asText());
            assertEquals("Paris tomorrow", event.path("args").asText());
            assertEquals(room.owner().id().toString(), event.path("userId").asText());
            assertEquals("/Weather  Paris tomorrow", event.path("text").asText());

            // a retry (new frame, same clientMsgId) answers the same invocation and invokes nothing
            produce(command(room.owner(), "send", room.channelId(), d, gateway, "frame-2"));
            Envelope again = replies.await(e -> gateway.equals(e.subject()) && "frame-2".equals(TestKafka.text(e, "frameId")), 1, WAIT).get(0);
            assertEquals(invocationId, ok(again).path("invocationId").asText());
            // and over REST: 200 with the same body
            restSend(room.owner(), room.channelId(), "/Weather  Paris tomorrow", "c-1").statusCode(200)
                    .body("invocationId", equalTo(invocationId));

            // a later message: the next seq after the owner's and the bot's member.joined (1, 2), nothing between
            String marker = restSend(room.owner(), room.channelId(), "after the command", "c-2").statusCode(201)
                    .body("seq", equalTo(3)).extract().path("id");
            events.await(e -> e.type().equals("message.created")
                    && marker.equals(e.data().path("message").path("id").asText()), 1, WAIT);
            assertTrue(events.drained(e -> room.channelId().equals(e.subject()) && e.type().equals("message.created"))
                    .stream().allMatch(e -> marker.equals(e.data().path("message").path("id").asText())));
            // a second invocation's event follows the first on the bot's partition: the retries added none between
            String second = restSend(room.owner(), room.channelId(), "/weather", "c-3").statusCode(201)
                    .extract().path("invocationId");
            List<Envelope> all = users.await(e -> e.type().equals("command.invoked")
                    && room.bot().id().toString().equals(e.subject()), 2, WAIT);
            assertEquals(List.of(invocationId, second), all.stream()
                    .map(e -> e.data().path("d").path("invocationId").asText()).toList());
        }
        get(room.owner(), "/api/channels/" + room.channelId() + "/messages").statusCode(200)
                .body("messages.text", contains("after the command"));
    }

    @Test
    void anUnknownCommandIsAnErrorAndDoubleSlashPostsTheText() {
        Room room = room();
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies")) {
            produce(command(room.owner(), "send", room.channelId(),
                    Map.of("channelId", room.channelId(), "text", "/nope x", "clientMsgId", "u-1"), gateway, "f-1"));
            Envelope reply = replies.await(e -> gateway.equals(e.subject()) && "f-1".equals(TestKafka.text(e, "frameId")), 1, WAIT).get(0);
            assertEquals("INVALID", errorCode(reply));
            assertTrue(reply.data().path("error").path("message").asText().contains("unknown command /nope"));
        }
        restSend(room.owner(), room.channelId(), "/nope", "u-2").statusCode(400).body("code", equalTo("INVALID"));
        restSend(room.owner(), room.channelId(), "//nope x", "u-3").statusCode(201).body("text", equalTo("/nope x"));
        restSend(room.owner(), room.channelId(), "/etc/hosts is a file", "u-4").statusCode(201)
                .body("text", equalTo("/etc/hosts is a file"));
        // the built-in action message stays text, as clients sent it before slash commands existed
        restSend(room.owner(), room.channelId(), "/me waves", "u-5").statusCode(201).body("text", equalTo("/me waves"));
        get(room.owner(), "/api/channels/" + room.channelId() + "/messages").statusCode(200)
                .body("messages.text", contains("/nope x", "/etc/hosts is a file", "/me waves"));
        given().accept("text/plain").when().get("/q/metrics").then()
                .body(containsString("parley_chat_slash_invocations_total{outcome=\"unknown\""));
    }

    @Test
    void onlyTheInvokedBotAnswersOnceAndTheAnswerReachesOnlyTheCaller() {
        Room room = room();
        TestUser other = TestBots.create(pool, room.owner());
        invite(room.owner(), room.channelId(), other);
        register(room.bot(), room.channelId(), "weather").statusCode(201);
        String invocationId = restSend(room.owner(), room.channelId(), "/weather Paris", "r-1").statusCode(201)
                .extract().path("invocationId");
        try (var users = TestKafka.tail("user.events")) {
            respond(other, invocationId, Map.of("text", "not mine")).statusCode(404).body("code", equalTo("NOT_FOUND"));
            respond(room.bot(), invocationId, Map.of("text", "")).statusCode(400).body("code", equalTo("INVALID"));
            respond(room.bot(), invocationId, Map.of("text", "Sunny, 21°C", "ephemeral", true)).statusCode(200)
                    .body("invocationId", equalTo(invocationId)).body("ephemeral", equalTo(true));
            respond(room.bot(), invocationId, Map.of("text", "twice")).statusCode(409).body("code", equalTo("CONFLICT"));

            Envelope response = users.await(e -> e.type().equals("command.response"), 1, WAIT).get(0);
            assertEquals(room.owner().id().toString(), response.subject());
            var d = response.data().path("d");
            assertEquals(invocationId, d.path("invocationId").asText());
            assertEquals(room.channelId(), d.path("channelId").asText());
            assertEquals("weather", d.path("command").asText());
            assertEquals(room.bot().id().toString(), d.path("botId").asText());
            assertEquals("Sunny, 21°C", d.path("text").asText());
            assertTrue(d.path("ephemeral").asBoolean());
        }
        get(room.owner(), "/api/channels/" + room.channelId() + "/messages").statusCode(200)
                .body("messages", empty());
        respond(room.bot(), UUID.randomUUID().toString(), Map.of("text", "x")).statusCode(404);
    }

    @Test
    void aPublicAnswerIsAMessageOfTheBotWithASeq() {
        Room room = room();
        register(room.bot(), room.channelId(), "weather").statusCode(201);
        String invocationId = restSend(room.owner(), room.channelId(), "/weather Oslo", "p-1").statusCode(201)
                .extract().path("invocationId");
        try (var events = TestKafka.tail("chat.events")) {
            String messageId = respond(room.bot(), invocationId, Map.of("text", "Snow, -3°C", "ephemeral", false))
                    .statusCode(200).body("ephemeral", equalTo(false)).body("seq", equalTo(3))
                    .extract().path("messageId");
            Envelope created = events.await(e -> e.type().equals("message.created")
                    && messageId.equals(e.data().path("message").path("id").asText()), 1, WAIT).get(0);
            var message = created.data().path("message");
            assertEquals(room.bot().id().toString(), message.path("senderId").asText());
            assertEquals("Snow, -3°C", message.path("text").asText());
            assertEquals(invocationId, message.path("invocation").path("id").asText());
            assertEquals(room.owner().id().toString(), message.path("invocation").path("userId").asText());
        }
        respond(room.bot(), invocationId, Map.of("text", "again", "ephemeral", false)).statusCode(409);
        get(room.owner(), "/api/channels/" + room.channelId() + "/messages").statusCode(200)
                .body("messages.text", contains("Snow, -3°C")).body("messages[0].invocation.command", equalTo("weather"));
    }

    @Test
    void anAnswerAfterTheWindowIsRefused() {
        Room room = room();
        register(room.bot(), room.channelId(), "late").statusCode(201);
        String invocationId = restSend(room.owner(), room.channelId(), "/late", "l-1").statusCode(201)
                .extract().path("invocationId");
        pool.preparedQuery("UPDATE slash_invocations SET created_at = now() - interval '16 minutes' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(invocationId))).await().atMost(Duration.ofSeconds(10));
        respond(room.bot(), invocationId, Map.of("text", "too late")).statusCode(409)
                .body("message", containsString("expired"));
    }

    @Test
    void aBotThatLeftTakesItsCommandsAlongAndOthersMayRemoveThem() {
        Room room = room();
        register(room.bot(), room.channelId(), "gone").statusCode(201);
        register(room.bot(), room.channelId(), "kept").statusCode(201);
        TestUser member = TestUsers.create(pool);
        invite(room.owner(), room.channelId(), member);
        delete(member, "/api/commands/" + room.channelId() + "/kept").statusCode(403);
        delete(room.owner(), "/api/commands/" + room.channelId() + "/kept").statusCode(204);
        delete(room.bot(), "/api/commands/" + room.channelId() + "/kept").statusCode(404);
        post(room.bot(), "/api/channels/" + room.channelId() + "/leave", null).statusCode(204);
        get(room.owner(), "/api/channels/" + room.channelId() + "/commands").statusCode(200)
                .body("commands", empty());
        restSend(room.owner(), room.channelId(), "/gone", "g-1").statusCode(400)
                .body("message", containsString("unknown command /gone"));
    }
}
