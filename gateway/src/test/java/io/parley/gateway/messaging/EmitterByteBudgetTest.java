package io.parley.gateway.messaging;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.parley.gateway.support.TestSocket.d;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The command emitter is bounded in bytes: chat-commands points at a topic that does not exist (the broker creates
 * none), so the producer holds every record while it waits for the topic's metadata, as it would for a broker that
 * is away. With a budget of 12,000 bytes one send of 4,000 two-byte characters fits, the next one is answered
 * UNAVAILABLE at once (long before the command timeout), and a small command still fits in what is left.
 */
@QuarkusTest
@TestProfile(EmitterByteBudgetTest.StalledCommands.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class EmitterByteBudgetTest extends GatewayTest {

    public static class StalledCommands implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.emitter.max-buffered-bytes", "12000",
                    "mp.messaging.outgoing.chat-commands.topic", "chat.commands.stalled",
                    "mp.messaging.outgoing.chat-commands.max.block.ms", "120000",
                    // a command waits this long for its reply: an answer well before it comes from the budget
                    "parley.gateway.command-timeout", "120s");
        }
    }

    private static final String BIG_TEXT = "é".repeat(4000);

    @Test
    void aCommandBeyondTheByteBudgetIsAnsweredUnavailableAtOnce() {
        String user = newId();
        String channel = newId();
        doubles.grant(channel, user, "member");
        TestSocket socket = connect(user);
        double refusedBefore = metric("parley_gateway_emitter_refused_total");

        socket.send(new JsonObject().put("op", "send").put("id", newId())
                .put("d", d("channelId", channel, "text", BIG_TEXT, "clientMsgId", "big-1")));
        await().atMost(Duration.ofSeconds(30)).until(() -> buffered() > 8000);
        double held = buffered();

        long start = System.nanoTime();
        JsonObject refused = socket.request("send", d("channelId", channel, "text", BIG_TEXT, "clientMsgId", "big-2"));
        long answeredMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(refused.encode(), refused.getJsonObject("d").getString("code"), is("UNAVAILABLE"));
        assertThat(answeredMs, lessThan(10_000L));
        assertThat(metric("parley_gateway_emitter_refused_total"), is(refusedBefore + 1));
        assertThat(buffered(), is(held));

        // bytes, not records: a small command still fits beside the big one
        socket.send(new JsonObject().put("op", "read").put("id", newId()).put("d", d("channelId", channel, "seq", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> buffered() > held);
        socket.close();
    }

    private static double buffered() {
        return metric("parley_gateway_emitter_buffered_bytes");
    }

    /** The chat-commands series of a gauge or counter on /q/metrics; 0 before the emitter's first record. */
    private static double metric(String name) {
        String text = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*channel=\"chat-commands\"[^}]*} (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
