package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.RawWebSocket;
import io.parley.gateway.support.RecordTail;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A slow client must not slow the others (PROTOCOL §3, issue #5): a subscriber that stops reading while the channel
 * keeps busy fills its outbound queue; once it stays over parley.gateway.outbound.max-buffered-bytes for
 * slow-client-grace it is closed 1008, while a normal subscriber of the same channel gets every event, in order, before
 * and after. The slow one is a raw TCP client with a small receive buffer that performs the handshake, subscribes and
 * then never reads again, so the kernel buffers fill and the server's write queue backs up.
 */
@QuarkusTest
@TestProfile(SlowClientTest.SmallOutboundBound.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class SlowClientTest extends GatewayTest {

    /** A small bound and a short grace, swept often; a heartbeat long enough that 4008 never interferes. */
    public static class SmallOutboundBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.gateway.outbound.max-buffered-bytes", "65536",
                    "parley.gateway.outbound.slow-client-grace", "1s",
                    "parley.gateway.ws.sweep-interval", "250ms",
                    "parley.gateway.ws.heartbeat-ms", "300000");
        }
    }

    private static JsonObject bigMessage(int i) {
        return new JsonObject().put("message", new JsonObject().put("text", i + ":" + "x".repeat(32_000)));
    }

    private static List<Long> seqs(TestSocket socket, String channel) {
        return socket.events(channel).stream().map(e -> e.getJsonObject("d").getLong("seq")).toList();
    }

    @Test
    void aClientThatStopsReadingIsClosed1008AndTheOthersKeepReceiving() throws Exception {
        String channel = newId();
        String slowUser = newId();
        doubles.grant(channel, slowUser, "member");
        TestSocket normal = subscribedMember(newId(), channel);

        try (RecordTail sessions = new RecordTail(Topics.SESSION_EVENTS.name());
                RawWebSocket slow = RawWebSocket.connect(port(), Map.of("Authorization", "Bearer " + Tokens.valid(slowUser),
                        "X-Forwarded-For", TestSocket.randomIp()), 4096)) {
            assertThat(slow.status, is(101));
            String sessionId = new JsonObject(slow.readUntil("\"hello\"").text()).getJsonObject("d").getString("sessionId");
            slow.sendText(new JsonObject().put("op", "subscribe").put("id", "sub")
                    .put("d", new JsonObject().put("channelId", channel)).encode());
            assertThat(new JsonObject(slow.readUntil("\"sub\"").text()).getString("op"), is("ok"));
            // from here on the slow client reads nothing: ~13 MB of events is far more than the kernel buffers hold
            int events = 400;
            for (int i = 1; i <= events; i++) {
                doubles.commitAndPublish(channel, "message.created", bigMessage(i));
            }

            Envelope closed = sessions.await(e -> "session.closed".equals(e.type())
                    && sessionId.equals(e.data().path("sessionId").asText()));
            int code = closed.data().path("code").asInt();
            assertThat("closed as too slow, not by another rule", code, anyOf(is(1008), is(1006)));

            // the normal subscriber got everything, in order, while the slow one was backed up and closed
            await().atMost(Duration.ofSeconds(60)).until(() -> seqs(normal, channel).size() >= events);
            assertThat(seqs(normal, channel), is(LongStream.rangeClosed(1, events).boxed().toList()));
            // and keeps receiving after it
            doubles.commitAndPublish(channel, "message.created", new JsonObject().put("message",
                    new JsonObject().put("text", "after the slow one left")));
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(normal, channel).contains((long) events + 1));
            assertThat(normal.isClosed(), is(false));

            // the slow client's connection is over: reading what was queued ends in the close (or a bare TCP close)
            slow.setReadTimeout(30_000);
            int seen = slow.drainUntilClosed();
            assertThat("the connection ended", seen, not(is(-2)));
            assertThat(seen, anyOf(is(1008), is(-1)));
        }
        normal.close();
    }
}
