package io.parley.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes;
import io.parley.events.Topics;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestKafka;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.parley.gateway.support.TestSocket.d;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The gateway's part of calls (docs/calls.md): the checks made before an op is forwarded to session-service, and the
 * delivery of call.events records (to the channel's subscribers, to one target socket, to every socket of a user).
 * session-service's part is its CallStateTest; both together are CallsProtocolTest in system-tests.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class CallsTest extends GatewayTest {

    @Test
    void opsAreCheckedForShapeAndChannelAccessBeforeTheyAreForwarded() {
        String user = newId();
        String hidden = newId();
        String joinable = newId();
        doubles.grant(joinable, user, "joinable");
        TestSocket socket = connect(user);
        for (String op : new String[] {"call.join", "call.get"}) {
            assertThat(code(socket.request(op, d("channelId", hidden))), is("NOT_FOUND"));
            assertThat(code(socket.request(op, d("channelId", joinable))), is("FORBIDDEN"));
            assertThat(code(socket.request(op, d("channelId", "nope"))), is("INVALID"));
        }
        String channel = newId();
        String target = newId();
        assertThat(code(socket.request("call.signal", d("channelId", channel, "toSessionId", target, "kind", "bye",
                "payload", "x"))), is("INVALID"));
        assertThat(code(socket.request("call.signal", d("channelId", channel, "toSessionId", target, "kind", "offer"))),
                is("INVALID"));
        assertThat(code(socket.request("call.signal", d("channelId", channel, "toSessionId", "x", "kind", "offer",
                "payload", "x"))), is("INVALID"));
        assertThat(code(socket.request("call.signal", d("channelId", channel, "toSessionId", target, "kind", "offer",
                "payload", "x".repeat(32 * 1024)))), is("INVALID"));
        assertThat(code(socket.request("call.leave", d())), is("INVALID"));
        socket.close();
    }

    @Test
    void callEventsReachSubscribersOneTargetSocketAndEverySocketOfARungUser() {
        String alice = newId();
        String bob = newId();
        String channel = newId();
        TestSocket a = subscribedMember(alice, channel);
        TestSocket b = subscribedMember(bob, channel);
        TestSocket bElsewhere = connect(bob); // bob's second socket, not subscribed
        String bSession = b.awaitFrame(f -> "hello".equals(f.getString("op"))).getJsonObject("d").getString("sessionId");

        publish(EventTypes.CallEvents.CALL_JOINED, channel, null, null, d("channelId", channel, "userId", alice));
        publish(EventTypes.CallEvents.CALL_SIGNAL, channel, bSession, null, d("channelId", channel, "kind", "offer"));
        publish(EventTypes.CallEvents.CALL_RINGING, channel, null, bob, d("channelId", channel, "from", alice));
        publish(EventTypes.CallEvents.CALL_ENDED, channel, null, null, d("channelId", channel, "reason", "empty"));

        // one partition (key channelId): once call.ended is there, everything before it was delivered or dropped
        for (TestSocket subscriber : new TestSocket[] {a, b}) {
            subscriber.awaitFrame(f -> EventTypes.CallEvents.CALL_ENDED.equals(f.getString("t")));
            subscriber.awaitFrame(f -> EventTypes.CallEvents.CALL_JOINED.equals(f.getString("t")));
        }
        JsonObject signal = b.awaitFrame(f -> EventTypes.CallEvents.CALL_SIGNAL.equals(f.getString("t")));
        assertThat(signal.getJsonObject("d").getString("kind"), is("offer"));
        assertThat(signal.containsKey("seq"), is(false));
        b.awaitFrame(f -> EventTypes.CallEvents.CALL_RINGING.equals(f.getString("t")));
        JsonObject rung = bElsewhere.awaitFrame(f -> EventTypes.CallEvents.CALL_RINGING.equals(f.getString("t")));
        assertThat(rung.getJsonObject("d").getString("from"), is(alice));

        assertThat(types(a, channel, EventTypes.CallEvents.CALL_SIGNAL, EventTypes.CallEvents.CALL_RINGING), is(empty()));
        assertThat(types(bElsewhere, channel, EventTypes.CallEvents.CALL_SIGNAL, EventTypes.CallEvents.CALL_JOINED,
                EventTypes.CallEvents.CALL_ENDED), is(empty()));
    }

    /** The socket's events of the channel with one of these types. */
    private static java.util.List<JsonObject> types(TestSocket socket, String channel, String... types) {
        java.util.Set<String> wanted = java.util.Set.of(types);
        return socket.events(channel).stream().filter(f -> wanted.contains(f.getString("t"))).toList();
    }

    private static void publish(String type, String channel, String toSessionId, String toUserId, JsonObject d) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode().put("channelId", channel);
        if (toSessionId != null) {
            data.put("toSessionId", toSessionId);
        }
        if (toUserId != null) {
            data.putArray("toUserIds").add(toUserId);
        }
        try {
            data.set("d", EnvelopeJson.mapper().readTree(d.encode()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        TestKafka.publish(Topics.CALL_EVENTS.name(), "session-service/test", type, channel, data);
    }

    private static String code(JsonObject reply) {
        return "error".equals(reply.getString("op")) ? reply.getJsonObject("d").getString("code") : "ok";
    }
}
