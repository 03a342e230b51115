package io.parley.chat;

import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.Api.send;
import static io.parley.chat.support.TestCommands.command;
import static io.parley.chat.support.TestCommands.errorCode;
import static io.parley.chat.support.TestCommands.instance;
import static io.parley.chat.support.TestCommands.ok;
import static io.parley.chat.support.TestCommands.produce;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket ops as they arrive on the commands topic: applied, published, replied. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class CommandProcessingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Test
    void sendIsCommittedPublishedAndReplied() {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies"); var events = TestKafka.tail("chat.events")) {
            produce(command(user, "send", id, Map.of("channelId", id, "text", "over the socket", "clientMsgId", "f-1"),
                    gateway, "frame-1"));
            Envelope reply = replies.await(TestKafka.subject(gateway), 1, WAIT).get(0);
            assertEquals("frame-1", reply.data().get("frameId").asText());
            assertEquals(2, ok(reply).get("seq").asLong());
            Envelope created = events.await(e -> id.equals(e.subject()) && e.type().equals("message.created"), 1, WAIT).get(0);
            assertEquals(ok(reply).get("messageId").asText(), created.data().path("message").path("id").asText());
            assertEquals("f-1", created.data().path("message").path("clientMsgId").asText());
            assertEquals(2, created.data().get("seq").asLong());
        }
        io.restassured.RestAssured.given().accept("text/plain").when().get("/q/metrics").then()
                .body(org.hamcrest.Matchers.containsString("parley_chat_commands_total{op=\"send\",outcome=\"ok\""))
                .body(org.hamcrest.Matchers.containsString("parley_chat_outbox_relayed_total"))
                .body(org.hamcrest.Matchers.containsString("parley_chat_outbox_pending "));
        // the relay records its delay once Kafka acknowledged, which a reader of chat.events may see just before
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> io.restassured.RestAssured.given()
                .accept("text/plain").when().get("/q/metrics").then()
                .body(org.hamcrest.Matchers.containsString("parley_chat_outbox_relay_delay_seconds_bucket{le=\"+Inf\""))
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\nparley_chat_outbox_relay_delay_seconds_count(\\{})? [1-9].*"))
                // the round's phases: recorded once its replies are acknowledged, which may follow the reply's arrival
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*\nparley_chat_command_round_seconds_count\\{phase=\"commit\",?} [1-9].*"))
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*\nparley_chat_command_round_seconds_count\\{phase=\"replies\",?} [1-9].*")));
    }

    @Test
    void redeliveredCommandChangesNothingTwice() {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        String messageId = send(user, id, "first draft");
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies")) {
            Envelope edit = command(user, "edit", id, Map.of("channelId", id, "messageId", messageId, "text", "final"),
                    gateway, "edit-1");
            produce(edit);
            replies.await(TestKafka.subject(gateway), 1, WAIT);
            produce(edit);
            List<Envelope> both = replies.await(TestKafka.subject(gateway), 2, WAIT);
            assertEquals(3, ok(both.get(0)).get("seq").asLong());
            assertEquals(ok(both.get(0)), ok(both.get(1)));
        }
        get(user, "/api/channels/" + id).body("lastSeq", equalTo(3));
    }

    @Test
    void editDeleteReactAndReadAreChannelAndUserEvents() {
        TestUser owner = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        String id = channel(owner, "private");
        invite(owner, id, member);
        String messageId = send(member, id, "hello");
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies"); var events = TestKafka.tail("chat.events");
                var userEvents = TestKafka.tail("user.events")) {
            produce(command(member, "edit", id, Map.of("channelId", id, "messageId", messageId, "text", "hello, edited"), gateway, "1"));
            produce(command(owner, "react", id, Map.of("channelId", id, "messageId", messageId, "emoji", "👍", "add", true), gateway, "2"));
            produce(command(member, "react", id, Map.of("channelId", id, "messageId", messageId, "emoji", "👍", "add", true), gateway, "3"));
            produce(command(member, "react", id, Map.of("channelId", id, "messageId", messageId, "emoji", "👍", "add", false), gateway, "4"));
            produce(command(owner, "read", id, Map.of("channelId", id, "seq", 3), gateway, "5"));
            List<Envelope> answered = replies.await(TestKafka.subject(gateway), 5, WAIT);
            answered.forEach(r -> assertNotNull(ok(r), () -> "refused: " + r.data()));
            // the relay may publish the message's own message.created (seq 3) after the tail began: only what follows
            List<Envelope> logged = events.await(TestKafka.subject(id).and(e -> e.data().get("seq").asLong() > 3), 4,
                    WAIT);
            assertEquals(List.of("message.updated", "reaction.added", "reaction.added", "reaction.removed"),
                    logged.stream().map(Envelope::type).toList());
            assertEquals(List.of(4L, 5L, 6L, 7L), logged.stream().map(e -> e.data().get("seq").asLong()).toList());
            assertEquals("hello, edited", logged.get(0).data().path("message").path("text").asText());
            Envelope read = userEvents.await(e -> owner.id().toString().equals(e.subject())
                    && e.type().equals("read.updated"), 1, WAIT).get(0);
            assertEquals(3, read.data().path("d").path("readSeq").asLong());
            assertEquals(0, read.data().path("d").path("unread").asLong());
        }
        get(owner, "/api/channels/" + id + "/messages").body("messages[0].text", equalTo("hello, edited"))
                .body("messages[0].reactions.'👍'", contains(owner.id().toString()))
                .body("messages[0].editedAt", org.hamcrest.Matchers.notNullValue());
        produce(command(owner, "delete", id, Map.of("channelId", id, "messageId", messageId), instance(), "6"));
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() ->
                get(owner, "/api/channels/" + id + "/messages").body("messages[0].deleted", equalTo(true))
                        .body("messages[0].text", equalTo("")));
        get(member, "/api/search?q=hello").body("messages.findAll { it.channelId == '" + id + "' }", empty());
    }

    @Test
    void commandsAreRefusedWithTheContractCodes() {
        TestUser owner = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        TestUser stranger = TestUsers.create(pool);
        String id = channel(owner, "private");
        String open = channel(owner, "public");
        invite(owner, id, member);
        String ownersMessage = send(owner, id, "the owner's words");
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies")) {
            produce(command(member, "edit", id, Map.of("channelId", id, "messageId", ownersMessage, "text", "mine now"), gateway, "edit-other"));
            produce(command(member, "delete", id, Map.of("channelId", id, "messageId", ownersMessage), gateway, "delete-other"));
            produce(command(stranger, "send", id, Map.of("channelId", id, "text", "hi", "clientMsgId", "s1"), gateway, "invisible"));
            produce(command(stranger, "send", open, Map.of("channelId", open, "text", "hi", "clientMsgId", "s2"), gateway, "not-joined"));
            produce(command(member, "send", id, Map.of("channelId", id, "text", 7, "clientMsgId", "s3"), gateway, "wrong-type"));
            produce(command(member, "react", id, Map.of("channelId", id, "messageId", UUID.randomUUID().toString(), "emoji", "x", "add", true), gateway, "no-message"));
            produce(command(member, "read", id, Map.of("channelId", id, "seq", 999), gateway, "read-ahead"));
            produce(command(member, "shout", id, Map.of("channelId", id), gateway, "unknown-op"));
            List<Envelope> answered = replies.await(TestKafka.subject(gateway), 8, WAIT);
            Map<String, String> codes = new java.util.HashMap<>();
            answered.forEach(r -> codes.put(r.data().get("frameId").asText(), errorCode(r)));
            assertEquals(Map.of("edit-other", "FORBIDDEN", "delete-other", "FORBIDDEN", "invisible", "NOT_FOUND",
                    "not-joined", "FORBIDDEN", "wrong-type", "INVALID", "no-message", "NOT_FOUND",
                    "read-ahead", "INVALID", "unknown-op", "INVALID"), codes);
        }
        get(owner, "/api/channels/" + id).body("lastSeq", equalTo(3));
    }

    @Test
    void ownersModeratorsAndAdminsDeleteOthersMessages() {
        TestUser owner = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        TestUser admin = TestUsers.create(pool, true);
        String id = channel(owner, "private");
        invite(owner, id, member);
        String first = send(member, id, "one");
        String second = send(member, id, "two");
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies")) {
            produce(command(owner, "delete", id, Map.of("channelId", id, "messageId", first), gateway, "by-owner"));
            var byAdmin = command(admin, "delete", id, Map.of("channelId", id, "messageId", second), gateway, "by-admin");
            ((com.fasterxml.jackson.databind.node.ArrayNode) byAdmin.data().get("roles")).add("admin");
            produce(byAdmin);
            List<Envelope> answered = replies.await(TestKafka.subject(gateway), 2, WAIT);
            answered.forEach(r -> assertNotNull(ok(r), () -> "refused: " + r.data()));
        }
        get(owner, "/api/channels/" + id + "/messages").body("messages.deleted", contains(true, true));
    }

    @Test
    void mentionsOfMembersBecomeUserEvents() {
        TestUser alice = TestUsers.create(pool);
        TestUser bob = TestUsers.create(pool);
        TestUser carol = TestUsers.create(pool);
        String id = channel(alice, "private");
        invite(alice, id, bob);
        try (var userEvents = TestKafka.tail("user.events")) {
            String messageId = send(alice, id, "hey @" + bob.username() + " and @" + carol.username() + ", look");
            Envelope mention = userEvents.await(e -> bob.id().toString().equals(e.subject())
                    && e.type().equals("mention"), 1, WAIT).get(0);
            assertEquals(messageId, mention.data().path("d").path("messageId").asText());
            assertEquals(alice.id().toString(), mention.data().path("d").path("by").asText());
            assertTrue(userEvents.drained(e -> carol.id().toString().equals(e.subject())).isEmpty());
        }
    }
}
