package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.parley.gateway.support.TestSocket.d;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.containsString;
import static io.restassured.RestAssured.given;

/**
 * The configurable bounds, lowered so that reaching them is cheap: every limit is configuration, not code. The
 * command budget is 3 with almost no refill, so the REST writes that share it are refused deterministically.
 */
@QuarkusTest
@TestProfile(TightLimitsTest.TightLimits.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class TightLimitsTest extends GatewayTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.gateway.limits.subscriptions-per-socket", "3",
                    "parley.gateway.limits.sockets-per-ip", "2",
                    "parley.gateway.limits.presence-watch-max", "2",
                    // 3 commands, then one per 20 s: nothing refills while a test runs
                    "parley.gateway.limits.command-rate", "0.05",
                    "parley.gateway.limits.command-burst", "3");
        }
    }

    @Test
    void subscriptionsBeyondThePerSocketLimitAreInvalid() {
        String user = newId();
        TestSocket socket = connect(user);
        for (int i = 0; i < 3; i++) {
            String channel = newId();
            doubles.grant(channel, user, "member");
            assertThat(socket.request("subscribe", d("channelId", channel)).getString("op"), is("ok"));
        }
        String fourth = newId();
        doubles.grant(fourth, user, "member");
        JsonObject refused = socket.request("subscribe", d("channelId", fourth));
        assertThat(refused.getJsonObject("d").getString("code"), is("INVALID"));
        socket.close();
    }

    @Test
    void clientIpOverItsConcurrentSocketsIsRefused429() {
        String ip = TestSocket.randomIp();
        TestSocket first = TestSocket.open(port(), Tokens.valid(newId()), ip);
        TestSocket second = TestSocket.open(port(), Tokens.valid(newId()), ip);
        var refusal = TestSocket.attempt(port(), Map.of("Authorization", "Bearer " + Tokens.valid(newId()), "X-Forwarded-For", ip), "/ws");
        assertThat(refusal.status(), is(429));
        assertThat(refusal.retryAfter(), not(emptyOrNullString()));
        first.close();
        second.close();
    }

    @Test
    void presenceWatchOfTooManyUsersIsInvalid() {
        TestSocket socket = connect(newId());
        JsonObject refused = socket.request("presence.watch", d("userIds", new JsonArray().add(newId()).add(newId()).add(newId())));
        assertThat(refused.getJsonObject("d").getString("code"), is("INVALID"));
        socket.close();
    }

    @Test
    void restWritesShareTheUsersSocketBudgetSoPostingMessagesCannotGoRoundIt() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        String token = Tokens.valid(user);
        TestSocket socket = connect(user);
        long beforeFirstTake = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            JsonObject sent = socket.request("send", d("channelId", channel, "text", "ws " + i, "clientMsgId", newId()));
            assertThat(sent.encode(), sent.getString("op"), is("ok"));
        }
        String messages = "/api/channels/" + channel + "/messages";
        String body = "{\"text\":\"rest\",\"clientMsgId\":\"" + newId() + "\"}";
        given().auth().oauth2(token).contentType("application/json").body(body).post(messages).then().statusCode(200);
        String retryAfter = given().auth().oauth2(token).contentType("application/json").body(body).post(messages)
                .then().statusCode(429).contentType("application/json")
                .body("code", is("RATE_LIMITED"))
                .extract().header("Retry-After");
        // the bucket (0.05/s: a token per 20 s) refills continuously from the first take on, so the wait is 20 s less
        // the time since then: exactly 20 only when the three writes took under a second (not on a loaded machine)
        double elapsedSeconds = (System.nanoTime() - beforeFirstTake) / 1e9;
        assertThat(Long.parseLong(retryAfter), allOf(greaterThanOrEqualTo((long) Math.floor(20 - elapsedSeconds)),
                lessThanOrEqualTo(20L)));
        JsonObject refused = socket.request("send", d("channelId", channel, "text", "ws", "clientMsgId", newId()));
        assertThat(refused.getJsonObject("d").getString("code"), is("RATE_LIMITED"));
        // reads are not limited; a write the gateway cannot attribute goes on for the service to answer
        given().auth().oauth2(token).get(messages).then().statusCode(200);
        given().contentType("application/json").body(body).post(messages).then().statusCode(200);
        given().accept("text/plain").get("/q/metrics").then()
                .body(containsString("parley_gateway_api_rate_limited_total{limit=\"user-writes\""));
        socket.close();
    }
}
