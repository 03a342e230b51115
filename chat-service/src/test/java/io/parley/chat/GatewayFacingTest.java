package io.parley.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.kit.testing.ServiceTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.post;
import static io.parley.chat.support.Api.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The internal routes the gateway reads, and attachments announced by media-service on media.events. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class GatewayFacingTest {

    @Inject
    Pool pool;

    @Test
    void accessTellsMemberJoinableOrNone() {
        TestUser owner = TestUsers.create(pool);
        TestUser other = TestUsers.create(pool);
        String open = channel(owner, "public");
        String closed = channel(owner, "private");
        asGateway().when().get("/internal/channels/" + open + "/access?userId=" + owner.id()).then().statusCode(200)
                .body("access", equalTo("member")).body("role", equalTo("owner")).body("lastSeq", equalTo(1));
        asGateway().when().get("/internal/channels/" + open + "/access?userId=" + other.id()).then()
                .body("access", equalTo("joinable")).body("role", nullValue());
        asGateway().when().get("/internal/channels/" + closed + "/access?userId=" + other.id()).then()
                .body("access", equalTo("none")).body("lastSeq", equalTo(0));
        asGateway().when().get("/internal/channels/" + UUID.randomUUID() + "/access?userId=" + other.id()).then()
                .body("access", equalTo("none"));
        asGateway().when().get("/internal/channels/" + open + "/access").then().statusCode(400).body("code", equalTo("INVALID"));
    }

    @Test
    void eventsAfterASeqComeInOrderAndBounded() {
        TestUser owner = TestUsers.create(pool);
        String id = channel(owner, "private");
        for (int i = 0; i < 4; i++) {
            send(owner, id, "event " + i);
        }
        asGateway().when().get("/internal/channels/" + id + "/events?after=1&limit=2").then().statusCode(200)
                .body("lastSeq", equalTo(5)).body("events.t", contains("message.created", "message.created"))
                .body("events.d.seq", contains(2, 3)).body("events[0].d.message.text", equalTo("event 0"));
        asGateway().when().get("/internal/channels/" + id + "/events?after=0").then()
                .body("events", hasSize(5)).body("events[0].t", equalTo("member.joined"));
        asGateway().when().get("/internal/channels/" + id + "/events?after=0&limit=1001").then().statusCode(400);
    }

    @Test
    void attachmentsMustBeFilesTheSenderUploaded() {
        TestUser owner = TestUsers.create(pool);
        TestUser other = TestUsers.create(pool);
        String id = channel(owner, "private");
        UUID mine = announceFile(owner, "photo.png");
        UUID theirs = announceFile(other, "theirs.png");
        post(owner, "/api/channels/" + id + "/messages", withAttachments(List.of(mine.toString()))).statusCode(201)
                .body("text", equalTo("")).body("attachments[0].id", equalTo(mine.toString()))
                .body("attachments[0].name", equalTo("photo.png")).body("attachments[0].contentType", equalTo("image/png"));
        post(owner, "/api/channels/" + id + "/messages", withAttachments(List.of(theirs.toString()))).statusCode(400)
                .body("code", equalTo("INVALID"));
        post(owner, "/api/channels/" + id + "/messages", withAttachments(List.of(mine.toString(), mine.toString())))
                .statusCode(400);
    }

    private static Map<String, Object> withAttachments(List<String> ids) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", "");
        body.put("clientMsgId", UUID.randomUUID().toString());
        body.put("attachments", ids);
        return body;
    }

    private UUID announceFile(TestUser owner, String name) {
        UUID fileId = UUID.randomUUID();
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.put("id", fileId.toString());
        data.put("ownerId", owner.id().toString());
        data.put("name", name);
        data.put("size", 1234);
        data.put("contentType", "image/png");
        TestKafka.send("media.events", Envelope.of("file.uploaded", "test", fileId.toString(), data));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("SELECT 1 FROM files WHERE id = $1")
                .execute(Tuple.of(fileId)).await().atMost(Duration.ofSeconds(5)).size() == 1);
        return fileId;
    }

    /** The gateway's service credential, as it calls these routes (InternalCredentialTest: nothing else passes). */
    private static RequestSpecification asGateway() {
        return given().header("Authorization", ServiceTokens.gateway("chat-service"));
    }
}
