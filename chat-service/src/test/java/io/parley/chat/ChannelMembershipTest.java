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

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.delete;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.Api.patch;
import static io.parley.chat.support.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Channels, membership, roles and DMs over REST, against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class ChannelMembershipTest {

    @Inject
    Pool pool;

    @Test
    void creatorOwnsTheNewChannelAndItsJoinIsSeqOne() {
        TestUser owner = TestUsers.create(pool);
        String id = channel(owner, "public");
        get(owner, "/api/channels/" + id).statusCode(200)
                .body("type", equalTo("channel")).body("visibility", equalTo("public"))
                .body("lastSeq", equalTo(1)).body("memberCount", equalTo(1));
        get(owner, "/api/channels").statusCode(200)
                .body("channels.find { it.id == '" + id + "' }.role", equalTo("owner"))
                .body("channels.find { it.id == '" + id + "' }.readSeq", equalTo(1))
                .body("channels.find { it.id == '" + id + "' }.unread", equalTo(0));
    }

    @Test
    void channelFieldsAreValidated() {
        TestUser user = TestUsers.create(pool);
        post(user, "/api/channels", Map.of("name", "", "visibility", "public")).statusCode(400).body("code", equalTo("INVALID"));
        post(user, "/api/channels", Map.of("name", "x".repeat(81), "visibility", "public")).statusCode(400);
        post(user, "/api/channels", Map.of("name", "bad\u0007name", "visibility", "public")).statusCode(400);
        post(user, "/api/channels", Map.of("name", "ok", "visibility", "secret")).statusCode(400);
        post(user, "/api/channels", Map.of("name", 5, "visibility", "public")).statusCode(400).body("code", equalTo("INVALID"));
        post(user, "/api/channels", Map.of("name", "ok", "topic", "t".repeat(251), "visibility", "public")).statusCode(400);
        given().auth().oauth2(user.token()).contentType("application/json").body("{\"name\": ").when()
                .post("/api/channels").then().statusCode(400).body("code", equalTo("INVALID"));
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthenticated() {
        given().when().get("/api/channels").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("not.a.token").when().get("/api/channels").then().statusCode(401);
    }

    @Test
    void aBannedUsersStillValidTokenIsForbidden() {
        TestUser user = TestUsers.create(pool);
        get(user, "/api/channels").statusCode(200);
        TestUsers.ban(pool, user);
        get(user, "/api/channels").statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void publicChannelsCanBeJoinedAndLeft() {
        TestUser owner = TestUsers.create(pool);
        TestUser other = TestUsers.create(pool);
        String id = channel(owner, "public");
        get(other, "/api/channels/" + id).statusCode(200);
        get(other, "/api/channels/public?q=" + owner.username()).statusCode(200).body("channels.id", hasItem(id));
        post(other, "/api/channels/" + id + "/join", null).statusCode(204);
        post(other, "/api/channels/" + id + "/join", null).statusCode(204);
        get(other, "/api/channels").body("channels.find { it.id == '" + id + "' }.role", equalTo("member"))
                .body("channels.find { it.id == '" + id + "' }.readSeq", equalTo(2));
        get(owner, "/api/channels/" + id + "/members").statusCode(200)
                .body("members.username", hasItem(other.username())).body("hasMore", equalTo(false));
        post(other, "/api/channels/" + id + "/leave", null).statusCode(204);
        get(other, "/api/channels").body("channels.id", not(hasItem(id)));
        get(owner, "/api/channels/" + id).body("lastSeq", equalTo(3)).body("memberCount", equalTo(1));
    }

    @Test
    void privateChannelsAreInvisibleAndJoinableOnlyByInvitation() {
        TestUser owner = TestUsers.create(pool);
        TestUser outsider = TestUsers.create(pool);
        String id = channel(owner, "private");
        get(outsider, "/api/channels/" + id).statusCode(404).body("code", equalTo("NOT_FOUND"));
        post(outsider, "/api/channels/" + id + "/join", null).statusCode(404);
        get(outsider, "/api/channels/public?q=" + owner.username()).body("channels.id", not(hasItem(id)));
        get(outsider, "/api/channels/" + id + "/members").statusCode(404);
        invite(owner, id, outsider);
        get(outsider, "/api/channels/" + id).statusCode(200);
    }

    @Test
    void onlyOwnersAndModeratorsInviteRemoveAndUpdate() {
        TestUser owner = TestUsers.create(pool);
        TestUser moderator = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        TestUser newcomer = TestUsers.create(pool);
        String id = channel(owner, "public");
        invite(owner, id, moderator);
        invite(owner, id, member);
        patch(owner, "/api/channels/" + id + "/members/" + moderator.id(), Map.of("role", "moderator")).statusCode(204);

        post(member, "/api/channels/" + id + "/members", Map.of("userId", newcomer.id().toString())).statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        patch(member, "/api/channels/" + id, Map.of("topic", "mine now")).statusCode(403);
        delete(member, "/api/channels/" + id + "/members/" + moderator.id()).statusCode(403);

        invite(moderator, id, newcomer);
        patch(moderator, "/api/channels/" + id, Map.of("topic", "moderated")).statusCode(200).body("topic", equalTo("moderated"));
        delete(moderator, "/api/channels/" + id + "/members/" + newcomer.id()).statusCode(204);
        delete(moderator, "/api/channels/" + id + "/members/" + owner.id()).statusCode(403);
        delete(moderator, "/api/channels/" + id + "/members/" + newcomer.id()).statusCode(404);
        post(owner, "/api/channels/" + id + "/members", Map.of("userId", java.util.UUID.randomUUID().toString())).statusCode(404);
    }

    @Test
    void onlyOwnersChangeRoles() {
        TestUser owner = TestUsers.create(pool);
        TestUser moderator = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        String id = channel(owner, "private");
        invite(owner, id, moderator);
        invite(owner, id, member);
        patch(owner, "/api/channels/" + id + "/members/" + moderator.id(), Map.of("role", "moderator")).statusCode(204);
        patch(moderator, "/api/channels/" + id + "/members/" + member.id(), Map.of("role", "moderator")).statusCode(403);
        patch(member, "/api/channels/" + id + "/members/" + member.id(), Map.of("role", "owner")).statusCode(403);
        patch(owner, "/api/channels/" + id + "/members/" + member.id(), Map.of("role", "king")).statusCode(400);
        get(owner, "/api/channels/" + id + "/members").body("members.find { it.userId == '" + moderator.id() + "' }.role",
                equalTo("moderator"));
    }

    @Test
    void aGlobalAdminMayModerateAnyChannel() {
        TestUser owner = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        TestUser admin = TestUsers.create(pool, true);
        String id = channel(owner, "private");
        invite(owner, id, member);
        patch(admin, "/api/channels/" + id, Map.of("name", "renamed by admin")).statusCode(200).body("name", equalTo("renamed by admin"));
        delete(admin, "/api/channels/" + id + "/members/" + member.id()).statusCode(204);
        post(admin, "/api/channels/" + id + "/join", null).statusCode(403);
        String dm = post(owner, "/api/dms", Map.of("userId", member.id().toString())).statusCode(201).extract().path("id");
        get(admin, "/api/channels/" + dm).statusCode(404);
    }

    @Test
    void membershipChangesAreChannelAndUserEvents() {
        TestUser owner = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        try (var channelEvents = TestKafka.tail("chat.events"); var userEvents = TestKafka.tail("user.events")) {
            String id = channel(owner, "private");
            invite(owner, id, member);
            patch(owner, "/api/channels/" + id + "/members/" + member.id(), Map.of("role", "moderator")).statusCode(204);
            delete(owner, "/api/channels/" + id + "/members/" + member.id()).statusCode(204);
            List<Envelope> events = channelEvents.await(TestKafka.subject(id), 4, Duration.ofSeconds(20));
            assertEquals(List.of("member.joined", "member.joined", "member.updated", "member.left"),
                    events.stream().map(Envelope::type).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(e -> e.data().get("seq").asLong()).toList());
            assertEquals(owner.id().toString(), events.get(3).data().get("removedBy").asText());
            List<Envelope> mine = userEvents.await(TestKafka.subject(member.id()), 2, Duration.ofSeconds(20));
            assertEquals(List.of("channel.joined", "channel.left"), mine.stream().map(Envelope::type).toList());
            assertEquals(id, mine.get(0).data().path("d").path("channelId").asText());
        }
    }

    @Test
    void aDmToSomeoneWhoJustRegisteredWaitsForTheirProjectionInsteadOf404() {
        TestUser alice = TestUsers.create(pool);
        TestUser bob = TestUsers.unannounced();
        // auth-service announces bob only after alice's request has arrived
        java.util.concurrent.CompletableFuture.runAsync(() -> TestUsers.announce(bob),
                java.util.concurrent.CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
        post(alice, "/api/dms", Map.of("userId", bob.id().toString())).statusCode(201).body("memberCount", equalTo(2));
    }

    @Test
    void anInvitationOfSomeoneWhoJustRegisteredWaitsForTheirProjectionInsteadOf404() {
        TestUser owner = TestUsers.create(pool);
        String id = post(owner, "/api/channels", Map.of("name", "fresh-" + owner.username(), "visibility", "private"))
                .statusCode(201).extract().path("id");
        TestUser bob = TestUsers.unannounced();
        java.util.concurrent.CompletableFuture.runAsync(() -> TestUsers.announce(bob),
                java.util.concurrent.CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
        post(owner, "/api/channels/" + id + "/members", Map.of("userId", bob.id().toString())).statusCode(204);
        get(bob, "/api/channels/" + id).statusCode(200).body("memberCount", equalTo(2));
        // an id that never registers is still unknown once the wait is over
        post(owner, "/api/channels/" + id + "/members", Map.of("userId", java.util.UUID.randomUUID().toString()))
                .statusCode(404);
    }

    @Test
    void aDmIsOneChannelPerPairFromEitherSide() {
        TestUser alice = TestUsers.create(pool);
        TestUser bob = TestUsers.create(pool);
        TestUser carol = TestUsers.create(pool);
        String id = post(alice, "/api/dms", Map.of("userId", bob.id().toString())).statusCode(201)
                .body("type", equalTo("dm")).body("memberCount", equalTo(2)).extract().path("id");
        post(bob, "/api/dms", Map.of("userId", alice.id().toString())).statusCode(200).body("id", equalTo(id));
        post(alice, "/api/dms", Map.of("userId", bob.id().toString())).statusCode(200).body("id", equalTo(id));
        post(alice, "/api/dms", Map.of("userId", alice.id().toString())).statusCode(400);
        post(alice, "/api/dms", Map.of("userId", java.util.UUID.randomUUID().toString())).statusCode(404);
        get(carol, "/api/channels/" + id).statusCode(404);
        post(carol, "/api/channels/" + id + "/join", null).statusCode(404);
        post(alice, "/api/channels/" + id + "/members", Map.of("userId", carol.id().toString())).statusCode(403);
    }
}
