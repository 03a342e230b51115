package io.parley.chat;

import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.Api.post;
import static io.parley.chat.support.Api.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages over REST: send (the WebSocket send's code path), idempotency, validation, history, unread, search. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class MessagingRestTest {

    @Inject
    Pool pool;

    private static Map<String, Object> message(String text, String clientMsgId) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        body.put("clientMsgId", clientMsgId);
        return body;
    }

    private static ValidatableResponse sendRaw(TestUser user, String channelId, Map<String, Object> body) {
        return post(user, "/api/channels/" + channelId + "/messages", body);
    }

    @Test
    void retriedClientMsgIdCreatesOneMessage() {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        String clientMsgId = UUID.randomUUID().toString();
        String first = sendRaw(user, id, message("hello once", clientMsgId)).statusCode(201)
                .body("seq", equalTo(2)).body("senderId", equalTo(user.id().toString()))
                .body("deleted", equalTo(false)).body("attachments", empty()).extract().path("id");
        sendRaw(user, id, message("hello once", clientMsgId)).statusCode(200).body("id", equalTo(first)).body("seq", equalTo(2));
        get(user, "/api/channels/" + id + "/messages").statusCode(200).body("messages", hasSize(1));
        get(user, "/api/channels/" + id).body("lastSeq", equalTo(2));
    }

    @Test
    void invalidMessagesAreRefusedWithClearCodes() {
        TestUser user = TestUsers.create(pool);
        TestUser stranger = TestUsers.create(pool);
        String id = channel(user, "public");
        String other = channel(user, "public");
        String elsewhere = send(user, other, "in another channel");
        sendRaw(user, id, message("", "c1")).statusCode(400).body("code", equalTo("INVALID"));
        sendRaw(user, id, message("x".repeat(4001), "c2")).statusCode(400).body("code", equalTo("INVALID"));
        sendRaw(user, id, message("\uD83D\uDE00".repeat(4000), UUID.randomUUID().toString())).statusCode(201);
        sendRaw(user, id, message("no id", "")).statusCode(400);
        sendRaw(user, id, message("long id", "i".repeat(65))).statusCode(400);
        Map<String, Object> reply = message("reply", "c3");
        reply.put("replyTo", elsewhere);
        sendRaw(user, id, reply).statusCode(400).body("code", equalTo("INVALID"));
        Map<String, Object> attached = message("", "c4");
        attached.put("attachments", List.of(UUID.randomUUID().toString()));
        sendRaw(user, id, attached).statusCode(400).body("code", equalTo("INVALID"));
        Map<String, Object> wrongType = message("typed", "c5");
        wrongType.put("text", 42);
        sendRaw(user, id, wrongType).statusCode(400).body("code", equalTo("INVALID"));
        sendRaw(stranger, id, message("not joined", "c6")).statusCode(403).body("code", equalTo("FORBIDDEN"));
        String secret = channel(user, "private");
        sendRaw(stranger, secret, message("invisible", "c7")).statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(user.token()).contentType("application/json").body("{\"text\": ").when()
                .post("/api/channels/" + id + "/messages").then().log().ifValidationFails().statusCode(400).body("code", equalTo("INVALID"));
    }

    @Test
    void aReplyInTheSameChannelIsKept() {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        String first = send(user, id, "question");
        Map<String, Object> reply = message("answer", UUID.randomUUID().toString());
        reply.put("replyTo", first);
        sendRaw(user, id, reply).statusCode(201).body("replyTo", equalTo(first));
    }

    @Test
    void historyPagesBothWaysByseq() {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(send(user, id, "message " + i));
        }
        // seq 1 is the owner's join; messages are seq 2..8
        get(user, "/api/channels/" + id + "/messages?limit=3").statusCode(200)
                .body("messages.seq", contains(6, 7, 8)).body("hasMore", equalTo(true));
        get(user, "/api/channels/" + id + "/messages?limit=3&before=6")
                .body("messages.seq", contains(3, 4, 5)).body("hasMore", equalTo(true));
        get(user, "/api/channels/" + id + "/messages?limit=3&before=3")
                .body("messages.seq", contains(2)).body("hasMore", equalTo(false));
        get(user, "/api/channels/" + id + "/messages?limit=3&after=1")
                .body("messages.seq", contains(2, 3, 4)).body("hasMore", equalTo(true));
        get(user, "/api/channels/" + id + "/messages?limit=3&after=5")
                .body("messages.seq", contains(6, 7, 8)).body("hasMore", equalTo(false))
                .body("messages[2].id", equalTo(ids.get(6)));
        get(user, "/api/channels/" + id + "/messages?limit=101").statusCode(400).body("code", equalTo("INVALID"));
        get(user, "/api/channels/" + id + "/messages?limit=abc").statusCode(400);
        get(user, "/api/channels/" + id + "/messages?before=3&after=1").statusCode(400);
    }

    @Test
    void historyIsForMembersOnly() {
        TestUser owner = TestUsers.create(pool);
        TestUser stranger = TestUsers.create(pool);
        String open = channel(owner, "public");
        String closed = channel(owner, "private");
        get(stranger, "/api/channels/" + open + "/messages").statusCode(403);
        get(stranger, "/api/channels/" + closed + "/messages").statusCode(404);
    }

    @Test
    void unreadCountsOthersLiveMessagesAfterTheReadMarker() {
        TestUser owner = TestUsers.create(pool);
        TestUser reader = TestUsers.create(pool);
        String id = channel(owner, "private");
        invite(owner, id, reader);
        send(owner, id, "one");
        send(owner, id, "two");
        send(reader, id, "my own does not count");
        get(reader, "/api/channels").body("channels.find { it.id == '" + id + "' }.unread", equalTo(2))
                .body("channels.find { it.id == '" + id + "' }.lastSeq", equalTo(5));
        get(owner, "/api/channels").body("channels.find { it.id == '" + id + "' }.unread", equalTo(1));
    }

    @Test
    void searchFindsWhatAMemberMayReadAndNeverWhatTheyMayNot() {
        TestUser alice = TestUsers.create(pool);
        TestUser bob = TestUsers.create(pool);
        String word = "zebra" + randomLetters(8);
        String shared = channel(alice, "private");
        String secret = channel(alice, "private");
        String open = channel(alice, "public");
        invite(alice, shared, bob);
        String visible = send(alice, shared, "the " + word + " crossed the road");
        String hidden = send(alice, secret, "a secret " + word + " plan");
        send(alice, open, "a public " + word + " too, but bob never joined");
        send(alice, shared, "nothing to see here");
        get(bob, "/api/search?q=" + word).statusCode(200).body("messages.id", contains(visible));
        get(alice, "/api/search?q=" + word).body("messages", hasSize(3)).body("messages.id", hasItem(hidden));
        get(alice, "/api/search?q=" + word + "&channelId=" + secret).body("messages.id", contains(hidden));
        get(bob, "/api/search?q=" + word + "&channelId=" + secret).body("messages", empty());
        get(bob, "/api/search?q=").statusCode(400).body("code", equalTo("INVALID"));
    }

    @Test
    void searchRanksTheBetterMatchFirst() {
        TestUser user = TestUsers.create(pool);
        String word = "quokka" + randomLetters(6);
        String id = channel(user, "private");
        String weak = send(user, id, word + " appears once in a long sentence about many other different things");
        String strong = send(user, id, word + " " + word + " " + word);
        List<String> hits = get(user, "/api/search?q=" + word).extract().path("messages.id");
        assertEquals(List.of(strong, weak), hits);
    }

    /** A word no other test wrote: letters only (a UUID without its digits can be too short). */
    private static String randomLetters(int count) {
        return java.util.concurrent.ThreadLocalRandom.current().ints(count, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
