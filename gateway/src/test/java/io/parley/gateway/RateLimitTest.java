package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * The per-user token bucket on send/edit/react: RATE_LIMITED with retryAfterMs, recovery, and 4029 for abuse; the
 * per-IP bound on registrations.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class RateLimitTest extends GatewayTest {

    private static List<String> burst(TestSocket socket, String channel, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "f-" + i;
            ids.add(id);
            socket.send(new JsonObject().put("op", "send").put("id", id).put("d", new JsonObject()
                    .put("channelId", channel).put("text", "spam " + i).put("clientMsgId", newId())));
        }
        return ids;
    }

    @Test
    void sendsBeyondTheBurstAreRateLimitedWithRetryAfterAndTheUserRecovers() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        TestSocket socket = connect(user);
        // 30 at once: the burst serves 20, the rest is refused but for tokens refilled while the frames arrive
        // (at most 10 refusals, so the abuse close of the next test cannot kick in)
        List<String> ids = burst(socket, channel, 30);
        List<JsonObject> replies = ids.stream().map(socket::reply).toList();
        List<JsonObject> limited = replies.stream().filter(r -> "error".equals(r.getString("op"))).toList();
        assertThat(limited.size(), greaterThanOrEqualTo(1));
        assertThat(replies.size() - limited.size(), greaterThanOrEqualTo(20));
        for (JsonObject error : limited) {
            assertThat(error.getJsonObject("d").getString("code"), is("RATE_LIMITED"));
            assertThat(error.getJsonObject("d").getLong("retryAfterMs"), greaterThan(0L));
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> "ok".equals(
                socket.request("send", TestSocket.d("channelId", channel, "text", "later", "clientMsgId", newId())).getString("op")));
        assertThat(socket.isClosed(), is(false));
        socket.close();
    }

    @Test
    void sustainedAbuseClosesTheSocket4029() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        TestSocket socket = connect(user);
        burst(socket, channel, 60);
        assertThat(socket.awaitClose(), is(4029));
    }

    @Test
    void registrationsFromOneAddressAreLimitedToTheBurstOf60ThenRefused429WithRetryAfter() {
        String ip = TestSocket.randomIp();
        long started = System.nanoTime();
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Response answer = given().header("X-Forwarded-For", ip).contentType("application/json")
                    .body("{\"username\":\"u" + i + "\",\"password\":\"password-" + i + "\"}")
                    .post("/api/auth/register");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode(), is(200)); // the stand-in for auth-service answered
                accepted++;
            }
        }
        // the burst, plus what the default rate (20 per minute: one per 3 s) refilled meanwhile
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(refused, notNullValue());
        assertThat(accepted, allOf(greaterThanOrEqualTo(60), lessThanOrEqualTo(60 + (int) (seconds / 3) + 1)));
        refused.then().contentType("application/json").body("code", is("RATE_LIMITED"))
                .body("message", not(emptyOrNullString()));
        assertThat(Integer.parseInt(refused.header("Retry-After")), allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(3)));
        // another address has its own budget; the refusal is counted
        given().header("X-Forwarded-For", TestSocket.randomIp()).contentType("application/json").body("{}")
                .post("/api/auth/register").then().statusCode(200);
        given().accept("text/plain").get("/q/metrics").then()
                .body(containsString("parley_gateway_api_rate_limited_total{limit=\"register-per-ip\""));
    }
}
