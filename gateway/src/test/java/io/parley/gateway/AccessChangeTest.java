package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.parley.gateway.support.TestSocket.d;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * Membership changes against the gateway's cached access answers: a change that overtakes an answer in flight wins
 * (no subscription of someone who left), and a join clears a cached refusal at once (not after the cache's 5 s).
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class AccessChangeTest extends GatewayTest {

    @Test
    void subscribeWhoseAccessAnswerRacesMemberLeftIsNeverAttached() {
        String alice = newId();
        String bob = newId();
        String channel = newId();
        TestSocket a = subscribedMember(alice, channel);
        doubles.grant(channel, bob, "member");
        TestSocket b = connect(bob);
        int before = doubles.accessQueries.get();
        doubles.accessDelayMs.set(1500);
        try {
            // chat-service answers "member" now and the answer takes 1.5 s to arrive
            b.send(new JsonObject().put("op", "subscribe").put("id", "racing").put("d", d("channelId", channel)));
            await().atMost(Duration.ofSeconds(10)).until(() -> doubles.accessQueries.get() > before);
            doubles.grant(channel, bob, "none");
            doubles.commitAndPublish(channel, "member.left", new JsonObject().put("userId", bob).put("role", "member"));
            a.awaitFrame(f -> "member.left".equals(f.getString("t")));
        } finally {
            doubles.accessDelayMs.set(0);
        }
        JsonObject reply = b.reply("racing");
        assertThat(reply.encode(), reply.getString("op"), is("error"));
        assertThat(reply.getJsonObject("d").getString("code"), is("NOT_FOUND"));

        doubles.commitAndPublish(channel, "message.created", new JsonObject().put("message", new JsonObject().put("text", "after")));
        a.awaitFrame(f -> "message.created".equals(f.getString("t")));
        assertThat(b.events(channel), empty());
    }

    @Test
    void memberJoinedClearsACachedRefusal() {
        String alice = newId();
        String bob = newId();
        String channel = newId();
        TestSocket a = subscribedMember(alice, channel);
        doubles.grant(channel, bob, "joinable");
        TestSocket b = connect(bob);
        assertThat(b.request("subscribe", d("channelId", channel)).getJsonObject("d").getString("code"), is("FORBIDDEN"));

        doubles.grant(channel, bob, "member");
        doubles.commitAndPublish(channel, "member.joined", new JsonObject().put("userId", bob).put("role", "member"));
        a.awaitFrame(f -> "member.joined".equals(f.getString("t")));
        // well within the cache's 5 s: the refusal is gone as soon as anyone could have seen the join
        JsonObject subscribed = b.request("subscribe", d("channelId", channel));
        assertThat(subscribed.encode(), subscribed.getString("op"), is("ok"));
    }

    @Test
    void joinThroughTheGatewayClearsACachedRefusalBeforeTheClientSeesItsAnswer() {
        String bob = newId();
        String channel = newId();
        doubles.grant(channel, bob, "joinable");
        TestSocket b = connect(bob);
        assertThat(b.request("subscribe", d("channelId", channel)).getJsonObject("d").getString("code"), is("FORBIDDEN"));

        // chat-service commits the join and answers; its member.joined has not reached the gateway yet (none is sent)
        doubles.grant(channel, bob, "member");
        given().auth().oauth2(Tokens.valid(bob)).post("/api/channels/" + channel + "/join").then().statusCode(200);
        JsonObject subscribed = b.request("subscribe", d("channelId", channel));
        assertThat(subscribed.encode(), subscribed.getString("op"), is("ok"));
    }
}
