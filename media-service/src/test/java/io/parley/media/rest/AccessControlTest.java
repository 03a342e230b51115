package io.parley.media.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes.AuthUsers;
import io.parley.events.EventTypes.ChatEvents;
import io.parley.media.KafkaRecords;
import io.parley.media.MediaApi;
import io.parley.media.TestUsers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Who may read a file: its uploader and members of a channel where a message attached it (not admins: they may
 * only delete), as projected from real chat.events records. Anyone else gets 404.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "media"))
class AccessControlTest {

    private static final Duration PROJECTED = Duration.ofSeconds(30);

    @Test
    void nonMemberGets404AndMemberOfTheAttachingChannelGetsTheBytes() {
        UUID owner = TestUsers.newUser();
        UUID member = TestUsers.newUser();
        UUID stranger = TestUsers.newUser();
        byte[] bytes = UploadDownloadTest.randomBytes(3000);
        String fileId = MediaApi.uploaded(owner, "shared.bin", bytes);
        assertStatus(member, fileId, 404);

        UUID channel = UUID.randomUUID();
        memberJoined(channel, 1, owner);
        memberJoined(channel, 2, member);
        messageWithAttachment(channel, 3, owner, UUID.randomUUID(), fileId);

        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(member, fileId, 200));
        byte[] read = given().auth().oauth2(TestUsers.tokenFor(member)).when().get("/api/media/" + fileId)
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(bytes, read);
        given().auth().oauth2(TestUsers.tokenFor(stranger)).when().get("/api/media/" + fileId).then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void memberWhoLeftLosesAccessAndAReplayedOldJoinDoesNotRestoreIt() {
        UUID owner = TestUsers.newUser();
        UUID member = TestUsers.newUser();
        UUID later = TestUsers.newUser();
        String fileId = MediaApi.uploaded(owner, "leaving.bin", UploadDownloadTest.randomBytes(10));
        UUID channel = UUID.randomUUID();
        memberJoined(channel, 1, member);
        messageWithAttachment(channel, 2, owner, UUID.randomUUID(), fileId);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(member, fileId, 200));

        memberEvent(ChatEvents.MEMBER_LEFT, channel, 3, member);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(member, fileId, 404));

        // a redelivered old event changes nothing; the next new one (same channel, so same partition) proves it was read
        memberJoined(channel, 1, member);
        memberJoined(channel, 4, later);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(later, fileId, 200));
        assertStatus(member, fileId, 404);
    }

    @Test
    void deletedMessageNoLongerSharesItsAttachment() {
        UUID owner = TestUsers.newUser();
        UUID member = TestUsers.newUser();
        String fileId = MediaApi.uploaded(owner, "retracted.bin", UploadDownloadTest.randomBytes(10));
        UUID channel = UUID.randomUUID();
        UUID message = UUID.randomUUID();
        memberJoined(channel, 1, member);
        messageWithAttachment(channel, 2, owner, message, fileId);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(member, fileId, 200));

        ObjectNode deleted = EnvelopeJson.mapper().createObjectNode().put("channelId", channel.toString())
                .put("seq", 3).put("messageId", message.toString()).put("deletedBy", owner.toString());
        KafkaRecords.publish("chat.events", channel.toString(), ChatEvents.MESSAGE_DELETED, deleted);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(member, fileId, 404));
        assertStatus(owner, fileId, 200);
    }

    @Test
    void adminDoesNotReadSomeoneElsesDmAttachmentButMayDeleteIt() {
        UUID owner = TestUsers.newUser();
        UUID peer = TestUsers.newUser();
        String fileId = MediaApi.uploaded(owner, "private.bin", UploadDownloadTest.randomBytes(10));
        UUID dm = UUID.randomUUID();
        memberJoined(dm, 1, owner);
        memberJoined(dm, 2, peer);
        messageWithAttachment(dm, 3, owner, UUID.randomUUID(), fileId);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(peer, fileId, 200));
        String admin = TestUsers.adminTokenFor(TestUsers.newUser());

        given().auth().oauth2(admin).when().get("/api/media/" + fileId).then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(admin).when().get("/api/media/" + fileId + "/thumbnail").then().statusCode(404);
        given().auth().oauth2(admin).when().delete("/api/media/" + fileId).then().statusCode(204);
        assertStatus(owner, fileId, 404);
        assertStatus(peer, fileId, 404);
    }

    @Test
    void adminReadsTheirOwnUploadsAndAnUnknownIdIsStill404ToDelete() {
        UUID adminId = TestUsers.newUser();
        String admin = TestUsers.adminTokenFor(adminId);
        String fileId = MediaApi.uploaded(adminId, "mine.bin", UploadDownloadTest.randomBytes(10));
        given().auth().oauth2(admin).when().get("/api/media/" + fileId).then().statusCode(200);
        given().auth().oauth2(admin).when().delete("/api/media/" + UUID.randomUUID()).then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void memberMayReadButNotDeleteSomeoneElsesFile() {
        UUID owner = TestUsers.newUser();
        UUID member = TestUsers.newUser();
        String fileId = MediaApi.uploaded(owner, "keep.bin", UploadDownloadTest.randomBytes(10));
        UUID channel = UUID.randomUUID();
        memberJoined(channel, 1, member);
        messageWithAttachment(channel, 2, owner, UUID.randomUUID(), fileId);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(member, fileId, 200));

        given().auth().oauth2(TestUsers.tokenFor(member)).when().delete("/api/media/" + fileId).then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().auth().oauth2(TestUsers.tokenFor(TestUsers.newUser())).when().delete("/api/media/" + fileId).then()
                .statusCode(404);
        assertStatus(owner, fileId, 200);
    }

    @Test
    void bannedUserIsRefusedWith403UntilUnbanned() {
        UUID user = TestUsers.newUser();
        String fileId = MediaApi.uploaded(user, "mine.bin", UploadDownloadTest.randomBytes(10));

        userState(user, true);
        await().atMost(PROJECTED).untilAsserted(() -> given().auth().oauth2(TestUsers.tokenFor(user))
                .when().get("/api/media/" + fileId).then().statusCode(403).body("code", equalTo("FORBIDDEN")));
        MediaApi.upload(TestUsers.tokenFor(user), "more.bin", new byte[] {1, 2, 3}, "application/octet-stream")
                .statusCode(403).body("code", equalTo("FORBIDDEN"));

        userState(user, false);
        await().atMost(PROJECTED).untilAsserted(() -> assertStatus(user, fileId, 200));
    }

    static void assertStatus(UUID user, String fileId, int status) {
        given().auth().oauth2(TestUsers.tokenFor(user)).when().get("/api/media/" + fileId).then().statusCode(status);
    }

    static void memberJoined(UUID channel, long seq, UUID user) {
        memberEvent(ChatEvents.MEMBER_JOINED, channel, seq, user);
    }

    static void memberEvent(String type, UUID channel, long seq, UUID user) {
        ObjectNode d = EnvelopeJson.mapper().createObjectNode().put("channelId", channel.toString()).put("seq", seq)
                .put("userId", user.toString()).put("role", "member");
        KafkaRecords.publish("chat.events", channel.toString(), type, d);
    }

    static void messageWithAttachment(UUID channel, long seq, UUID sender, UUID messageId, String fileId) {
        ObjectNode d = EnvelopeJson.mapper().createObjectNode().put("channelId", channel.toString()).put("seq", seq);
        ObjectNode message = d.putObject("message").put("id", messageId.toString())
                .put("channelId", channel.toString()).put("seq", seq).put("senderId", sender.toString())
                .put("text", "see attached").put("createdAt", "2026-11-29T12:00:00.000Z").put("deleted", false)
                .put("clientMsgId", UUID.randomUUID().toString());
        message.putNull("editedAt");
        message.putNull("replyTo");
        message.putArray("attachments").addObject().put("id", fileId).put("name", "f").put("size", 10)
                .put("contentType", "application/octet-stream");
        message.putObject("reactions");
        KafkaRecords.publish("chat.events", channel.toString(), ChatEvents.MESSAGE_CREATED, d);
    }

    private static void userState(UUID user, boolean banned) {
        ObjectNode d = EnvelopeJson.mapper().createObjectNode().put("banned", banned);
        d.putObject("user").put("id", user.toString()).put("username", "u" + user.toString().substring(0, 8))
                .put("displayName", "U").put("createdAt", "2026-11-29T12:00:00.000Z").putArray("roles").add("user");
        KafkaRecords.publish("auth.users", user.toString(),
                banned ? AuthUsers.USER_BANNED : AuthUsers.USER_UNBANNED, d);
    }
}
