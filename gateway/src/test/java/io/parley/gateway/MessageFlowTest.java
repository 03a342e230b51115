package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.events.Topics;
import io.parley.gateway.fanout.FanOutConsumer;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestKafka;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.parley.kit.instance.InstanceIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.parley.gateway.support.TestSocket.d;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/** Subscribe authorization, command routing through chat.commands / gateway.replies, and fan-out of every event kind. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class MessageFlowTest extends GatewayTest {

    @Inject
    InstanceIdentity instance;

    private String memberChannel(String... members) {
        String channel = newId();
        for (String member : members) {
            doubles.grant(channel, member, "member");
        }
        return channel;
    }

    @Test
    void subscribeIsRefusedToNonMembersAndToPublicChannelsNotJoined() {
        String user = newId();
        String hidden = newId();
        String joinable = newId();
        doubles.grant(joinable, user, "joinable");
        TestSocket socket = connect(user);
        JsonObject notFound = socket.request("subscribe", d("channelId", hidden));
        assertThat(notFound.getJsonObject("d").getString("code"), is("NOT_FOUND"));
        JsonObject forbidden = socket.request("subscribe", d("channelId", joinable));
        assertThat(forbidden.getJsonObject("d").getString("code"), is("FORBIDDEN"));
        socket.close();
    }

    @Test
    void sendIsAcknowledgedAndTheEventReachesEverySubscriber() {
        String alice = newId();
        String bob = newId();
        String channel = memberChannel(alice, bob);
        TestSocket a = connect(alice);
        TestSocket b = connect(bob);
        JsonObject subscribed = a.request("subscribe", d("channelId", channel));
        assertThat(subscribed.getString("op"), is("ok"));
        assertThat(subscribed.getJsonObject("d").getLong("lastSeq"), is(0L));
        b.request("subscribe", d("channelId", channel));

        JsonObject ok = a.request("send", d("channelId", channel, "text", "hello bob", "clientMsgId", "c-1"));
        assertThat(ok.getString("op"), is("ok"));
        assertThat(ok.getJsonObject("d").getLong("seq"), is(1L));
        assertThat(ok.getJsonObject("d").getString("messageId"), not(emptyOrNullString()));
        // timed before the ok frame is written: the round trip of this send is already counted
        io.restassured.RestAssured.given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(containsString("parley_gateway_command_round_trip_seconds_bucket{op=\"send\",outcome=\"ok\""))
                .body(matchesPattern("(?s).*\nparley_gateway_command_round_trip_seconds_count\\{op=\"send\",outcome=\"ok\",?} [1-9].*"));

        for (TestSocket socket : new TestSocket[] {a, b}) {
            JsonObject event = socket.awaitFrame(f -> "message.created".equals(f.getString("t")));
            assertThat(event.getJsonObject("d").getString("channelId"), is(channel));
            assertThat(event.getJsonObject("d").getLong("seq"), is(1L));
            assertThat(event.getJsonObject("d").getJsonObject("message").getString("text"), is("hello bob"));
            assertThat(event.containsKey("replay"), is(false));
        }
        // the command carried the reply address of this instance, connection and frame
        var command = doubles.chat.commands.stream().filter(c -> c.subject().equals(channel)).findFirst().orElseThrow();
        assertThat(command.data().path("reply").path("instance").asText(), is(instance.id()));
        assertThat(command.data().path("userId").asText(), is(alice));
        a.close();
        b.close();
    }

    @Test
    void errorFromChatServiceReachesTheFrame() {
        String user = newId();
        TestSocket socket = connect(user);
        JsonObject reply = socket.request("send", d("channelId", newId(), "text", "hi", "clientMsgId", "c"));
        assertThat(reply.getString("op"), is("error"));
        assertThat(reply.getJsonObject("d").getString("code"), is("NOT_FOUND"));
        socket.close();
    }

    @Test
    void nonSubscribersAndOtherChannelsGetNothing() {
        String alice = newId();
        String outsider = newId();
        String channel = newId();
        TestSocket a = subscribedMember(alice, channel);
        TestSocket o = connect(outsider);
        a.request("send", d("channelId", channel, "text", "secret", "clientMsgId", "c-2"));
        a.awaitFrame(f -> "message.created".equals(f.getString("t")));
        // a marker after the message: once the outsider got its own user event, the channel event had its chance
        publishUserEvent(outsider, "mention", new JsonObject().put("channelId", newId()).put("seq", 1));
        o.awaitFrame(f -> "mention".equals(f.getString("t")));
        assertThat(o.events(channel), empty());
        a.close();
        o.close();
    }

    @Test
    void userEventsReachEverySocketOfTheUser() {
        String user = newId();
        TestSocket first = connect(user);
        TestSocket second = connect(user);
        String channel = newId();
        publishUserEvent(user, "channel.joined", new JsonObject().put("channelId", channel)
                .put("channel", new JsonObject().put("id", channel)));
        for (TestSocket socket : new TestSocket[] {first, second}) {
            JsonObject event = socket.awaitFrame(f -> "channel.joined".equals(f.getString("t")));
            assertThat(event.getJsonObject("d").getString("channelId"), is(channel));
        }
        first.close();
        second.close();
    }

    @Test
    void typingReachesOtherSubscribersButNotTheTypist() {
        String alice = newId();
        String bob = newId();
        String channel = newId();
        TestSocket a = subscribedMember(alice, channel);
        TestSocket b = subscribedMember(bob, channel);
        assertThat(a.request("typing", d("channelId", channel)).getString("op"), is("ok"));
        assertThat(a.request("typing", d("channelId", channel)).getString("op"), is("ok"));
        JsonObject typing = b.awaitFrame(f -> "typing".equals(f.getString("t")));
        assertThat(typing.getJsonObject("d").getString("userId"), is(alice));
        assertThat(a.events(channel), empty());
        a.close();
        b.close();
    }

    @Test
    void presenceWatchAnswersCurrentPresenceThenForwardsUpdates() {
        String watcher = newId();
        String watched = newId();
        TestSocket socket = connect(watcher);
        JsonObject ok = socket.request("presence.watch", d("userIds", new io.vertx.core.json.JsonArray().add(watched)));
        assertThat(ok.getString("op"), is("ok"));
        assertThat(ok.getJsonObject("d").getJsonArray("presence").getJsonObject(0).getString("userId"), is(watched));
        var update = EnvelopeJson.mapper().createObjectNode().put("userId", watched).put("status", "away")
                .putNull("text").put("lastSeenAt", "2026-11-25T12:00:00.000Z");
        TestKafka.publish(Topics.PRESENCE_EVENTS.name(), "session-service/test", "presence.updated", watched, update);
        JsonObject event = socket.awaitFrame(f -> "presence.updated".equals(f.getString("t")));
        assertThat(event.getJsonObject("d").getString("status"), is("away"));
        socket.close();
    }

    @Test
    void presenceWatchAsksSessionServicesInternalRouteWithTheServiceCredentialNotAClientToken() {
        String watched = newId();
        String headerUser = newId();
        TestSocket byHeader = TestSocket.open(port(), Tokens.valid(headerUser));
        TestSocket byQuery = TestSocket.openWithQueryToken(port(), Tokens.valid(newId()));
        int before = presenceAuthorizations().size();
        for (TestSocket socket : List.of(byHeader, byQuery)) {
            assertThat(socket.request("presence.watch", d("userIds", new io.vertx.core.json.JsonArray().add(watched)))
                    .getString("op"), is("ok"));
        }
        // and after an auth renewal, the same
        assertThat(byHeader.request("auth", d("token", Tokens.expiringIn(headerUser, 1200))).getString("op"), is("ok"));
        assertThat(byHeader.request("presence.watch", d("userIds", new io.vertx.core.json.JsonArray().add(newId())))
                .getString("op"), is("ok"));
        List<String> asked = presenceAuthorizations();
        assertThat(asked.size() - before, is(3));
        // the gateway's own credential for session-service each time, never a socket's token
        for (String authorization : asked.subList(before, asked.size())) {
            assertThat(authorization, doubles.isServiceCredential(authorization, "session-service"), is(true));
        }
        byHeader.close();
        byQuery.close();
    }

    @Test
    void aBurstOfSubscribesToOneChannelAsksChatServiceOnce() {
        String user = newId();
        String channelId = newId();
        doubles.grant(channelId, user, "member");
        List<TestSocket> sockets = List.of(connect(user), connect(user), connect(user), connect(user));
        int before = doubles.accessQueries.get();
        doubles.accessDelayMs.set(500);
        try {
            for (TestSocket socket : sockets) {
                socket.send(new JsonObject().put("op", "subscribe").put("id", "burst").put("d", d("channelId", channelId)));
            }
            for (TestSocket socket : sockets) {
                assertThat(socket.reply("burst").getString("op"), is("ok"));
            }
        } finally {
            doubles.accessDelayMs.set(0);
        }
        assertThat("subscribes in flight together share one access query",
                doubles.accessQueries.get() - before, is(1));
        sockets.forEach(TestSocket::close);
    }

    private List<String> presenceAuthorizations() {
        return doubles.proxied.stream().filter(p -> "/internal/presence".equals(p.getString("path")))
                .map(p -> p.getString("authorization")).toList();
    }

    @Test
    void memberWhoLeftGetsNoFurtherEventsOfTheChannel() {
        String alice = newId();
        String bob = newId();
        String channel = newId();
        TestSocket a = subscribedMember(alice, channel);
        TestSocket b = subscribedMember(bob, channel);
        doubles.grant(channel, bob, "none");
        doubles.commitAndPublish(channel, "member.left", new JsonObject().put("userId", bob).put("role", "member"));
        b.awaitFrame(f -> "member.left".equals(f.getString("t")));
        doubles.commitAndPublish(channel, "message.created", new JsonObject().put("message", new JsonObject().put("text", "after")));
        a.awaitFrame(f -> "message.created".equals(f.getString("t")));
        assertThat(b.events(channel).size(), is(1));
        a.close();
        b.close();
    }

    @Test
    void fanOutConsumerGroupBelongsToThisInstanceAloneAndCommitsNothing() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap()))) {
            String group = FanOutConsumer.groupId(instance.id());
            var groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS);
            assertThat(groups.stream().anyMatch(g -> g.groupId().equals(group)), is(true));
            assertThat(instance.id(), startsWith("gateway-test-"));
            // a second instance has its own id, so its own group, and sees every event too
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeConsumerGroups(java.util.List.of(group))
                    .all().get(30, TimeUnit.SECONDS).get(group).members().size() == 1);
            var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(offsets.values().stream().filter(java.util.Objects::nonNull).count(), is(0L));
        }
    }

    private static void publishUserEvent(String userId, String type, JsonObject d) {
        try {
            var data = EnvelopeJson.mapper().createObjectNode().put("userId", userId);
            data.set("d", EnvelopeJson.mapper().readTree(d.encode()));
            TestKafka.publish(Topics.USER_EVENTS.name(), "chat-service/test", type, userId, data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
