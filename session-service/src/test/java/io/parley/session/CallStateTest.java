package io.parley.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The call state machine on real PostgreSQL and Kafka: ops from a gateway double on session.events, answers on
 * gateway.replies, events on call.events (docs/calls.md). The test profile has a 2 s grace period, 1 s sweeps and
 * at most 3 participants.
 */
@QuarkusTest
class CallStateTest extends LiveRegistryTest {

    private static final AtomicInteger FRAMES = new AtomicInteger();
    static TopicTap replies;
    static TopicTap callEvents;

    @BeforeEach
    void tapCalls() {
        if (replies == null) {
            replies = new TopicTap("gateway.replies");
            callEvents = new TopicTap("call.events");
        }
    }

    @Test
    void joinSignalAndLeaveDecideEachEventOnce() {
        UUID channel = UUID.randomUUID();
        UUID alice = newUser();
        UUID bob = newUser();
        UUID aliceSession = gateway.open(alice);
        UUID bobSession = gateway.open(bob);

        JsonNode joined = ok(EventTypes.SessionEvents.CALL_JOIN, alice, aliceSession, channel, null);
        String callId = joined.path("call").path("callId").asText();
        assertEquals(alice.toString(), joined.path("call").path("startedBy").asText());
        assertEquals(1, joined.path("call").path("participants").size());
        assertTrue(joined.path("iceServers").isArray() && joined.path("iceServers").isEmpty(), joined.toString());
        // the same socket again: the same call, nothing announced again
        assertEquals(callId, ok(EventTypes.SessionEvents.CALL_JOIN, alice, aliceSession, channel, null)
                .path("call").path("callId").asText());
        assertEquals(2, ok(EventTypes.SessionEvents.CALL_JOIN, bob, bobSession, channel, null)
                .path("call").path("participants").size());
        eventually().until(() -> events(channel, EventTypes.CallEvents.CALL_JOINED).size() == 2);
        assertEquals(1, events(channel, EventTypes.CallEvents.CALL_STARTED).size());
        assertEquals(List.of(aliceSession.toString(), bobSession.toString()),
                events(channel, EventTypes.CallEvents.CALL_JOINED).stream()
                        .map(e -> e.data().path("d").path("sessionId").asText()).toList());

        // signals: sender and target must be in the call
        UUID stranger = newUser();
        UUID strangerSession = gateway.open(stranger);
        assertEquals("FORBIDDEN", error(EventTypes.SessionEvents.CALL_SIGNAL, stranger, strangerSession, channel,
                signal(aliceSession, "offer")));
        assertEquals("NOT_FOUND", error(EventTypes.SessionEvents.CALL_SIGNAL, alice, aliceSession, channel,
                signal(strangerSession, "offer")));
        assertEquals("INVALID", error(EventTypes.SessionEvents.CALL_SIGNAL, alice, aliceSession, channel,
                signal(bobSession, "bye")));
        ok(EventTypes.SessionEvents.CALL_SIGNAL, alice, aliceSession, channel, signal(bobSession, "offer"));
        Envelope offer = eventually().until(() -> events(channel, EventTypes.CallEvents.CALL_SIGNAL), l -> l.size() == 1)
                .get(0);
        assertEquals(bobSession.toString(), offer.data().path("toSessionId").asText());
        assertEquals(aliceSession.toString(), offer.data().path("d").path("fromSessionId").asText());
        assertEquals("v=0", offer.data().path("d").path("payload").path("sdp").asText());

        // full at 3 (test profile)
        UUID carol = newUser();
        UUID dave = newUser();
        ok(EventTypes.SessionEvents.CALL_JOIN, carol, gateway.open(carol), channel, null);
        assertEquals("CONFLICT", error(EventTypes.SessionEvents.CALL_JOIN, dave, gateway.open(dave), channel, null));

        assertEquals("FORBIDDEN", error(EventTypes.SessionEvents.CALL_LEAVE, stranger, strangerSession, channel, null));
        ok(EventTypes.SessionEvents.CALL_LEAVE, bob, bobSession, channel, null);
        assertEquals("FORBIDDEN", error(EventTypes.SessionEvents.CALL_LEAVE, bob, bobSession, channel, null));
        assertEquals(2, ok(EventTypes.SessionEvents.CALL_GET, alice, aliceSession, channel, null)
                .path("call").path("participants").size());
        eventually().until(() -> events(channel, EventTypes.CallEvents.CALL_LEFT).size() == 1);
        assertEquals("left", events(channel, EventTypes.CallEvents.CALL_LEFT).get(0).data().path("d").path("reason")
                .asText());
    }

    @Test
    void aClosedSocketLeavesAfterTheGracePeriodAndTheEmptyCallEnds() {
        UUID channel = UUID.randomUUID();
        UUID alice = newUser();
        UUID aliceSession = gateway.open(alice);
        ok(EventTypes.SessionEvents.CALL_JOIN, alice, aliceSession, channel, null);
        long closedAt = System.nanoTime();
        gateway.close(aliceSession, alice);
        Envelope left = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> events(channel, EventTypes.CallEvents.CALL_LEFT), l -> !l.isEmpty()).get(0);
        assertTrue(Duration.ofNanos(System.nanoTime() - closedAt).toMillis() >= 1900, "left before the grace period");
        assertEquals("disconnected", left.data().path("d").path("reason").asText());
        eventually().until(() -> events(channel, EventTypes.CallEvents.CALL_ENDED).size() == 1);
        assertEquals("empty", events(channel, EventTypes.CallEvents.CALL_ENDED).get(0).data().path("d").path("reason")
                .asText());
        assertTrue(ok(EventTypes.SessionEvents.CALL_GET, alice, gateway.open(alice), channel, null).path("call")
                .isNull());
    }

    @Test
    void aRejoinWithinTheGracePeriodContinuesAndASecondLiveSocketMoves() {
        UUID channel = UUID.randomUUID();
        UUID alice = newUser();
        UUID bob = newUser();
        ok(EventTypes.SessionEvents.CALL_JOIN, alice, gateway.open(alice), channel, null);
        UUID first = gateway.open(bob);
        ok(EventTypes.SessionEvents.CALL_JOIN, bob, first, channel, null);
        gateway.close(first, bob);
        UUID second = gateway.open(bob);
        JsonNode again = ok(EventTypes.SessionEvents.CALL_JOIN, bob, second, channel, null);
        assertEquals(2, again.path("call").path("participants").size(), again.toString());
        // well past the grace period: still in, and no call.left
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> events(channel, EventTypes.CallEvents.CALL_LEFT).isEmpty());
        List<String> joined = events(channel, EventTypes.CallEvents.CALL_JOINED).stream()
                .map(e -> e.data().path("d").path("sessionId").asText()).toList();
        assertEquals(second.toString(), joined.get(joined.size() - 1));

        // a join from another live socket moves the participation: the old session leaves with "moved"
        UUID third = gateway.open(bob);
        ok(EventTypes.SessionEvents.CALL_JOIN, bob, third, channel, null);
        Envelope moved = eventually().until(() -> events(channel, EventTypes.CallEvents.CALL_LEFT), l -> !l.isEmpty())
                .get(0);
        assertEquals(second.toString(), moved.data().path("d").path("sessionId").asText());
        assertEquals("moved", moved.data().path("d").path("reason").asText());
        assertEquals("FORBIDDEN", error(EventTypes.SessionEvents.CALL_LEAVE, bob, second, channel, null));
        ok(EventTypes.SessionEvents.CALL_LEAVE, bob, third, channel, null);
    }

    private static ObjectNode signal(UUID to, String kind) {
        ObjectNode s = EnvelopeJson.mapper().createObjectNode().put("toSessionId", to.toString()).put("kind", kind);
        s.putObject("payload").put("type", "offer").put("sdp", "v=0");
        return s;
    }

    private static List<Envelope> events(UUID channel, String type) {
        return callEvents.of(type, channel.toString());
    }

    private static JsonNode ok(String type, UUID user, UUID session, UUID channel, ObjectNode signal) {
        JsonNode reply = reply(type, user, session, channel, signal);
        assertTrue(reply.has("ok"), type + " answered " + reply);
        return reply.path("ok");
    }

    private static String error(String type, UUID user, UUID session, UUID channel, ObjectNode signal) {
        JsonNode reply = reply(type, user, session, channel, signal);
        assertTrue(reply.has("error"), type + " answered " + reply);
        return reply.path("error").path("code").asText();
    }

    private static JsonNode reply(String type, UUID user, UUID session, UUID channel, ObjectNode signal) {
        String frameId = "f" + FRAMES.incrementAndGet();
        gateway.callOp(type, user, session, channel, signal, frameId);
        return eventually().until(() -> replies.of(EventTypes.GatewayReplies.REPLY, gateway.instance).stream()
                .filter(e -> frameId.equals(e.data().path("frameId").asText())).findFirst().orElse(null),
                r -> r != null).data();
    }
}
