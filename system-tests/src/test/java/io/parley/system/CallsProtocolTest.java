package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls (issue 23, docs/calls.md) over the real stack with two gateways: every op and error, participants on each
 * gateway signalling each other, a participant whose gateway is killed, a rejoin within the grace period, the end of a
 * call, DM ringing, a ban and a member leaving the channel. The stack runs with a 3 s grace period, 1 s gateway
 * heartbeats and at most 3 participants per call (ParleyStack).
 */
class CallsProtocolTest {

    private static final Duration EVENT = Duration.ofSeconds(20);

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void participantsOnBothGatewaysSignalEachOtherAndTheCallEndsWhenTheLastLeaves() throws Exception {
        TestUser alice = stack.newUser("calla");
        TestUser bob = stack.newUser("callb");
        TestUser carol = stack.newUser("callc");
        String channel = Chat.createChannel(rest, alice, "public");
        Chat.join(rest, bob, channel);
        Chat.join(rest, carol, channel);
        try (WsClient a = WsClient.connect(stack.port("gateway-a"), alice.token());
             WsClient b = WsClient.connect(stack.port("gateway-b"), bob.token());
             WsClient bOther = WsClient.connect(stack.port("gateway-a"), bob.token());
             WsClient c = WsClient.connect(stack.port("gateway-b"), carol.token())) {
            for (WsClient socket : List.of(a, b, bOther, c)) {
                socket.call("subscribe", Map.of("channelId", channel, "sinceSeq", 0));
            }
            String aSession = sessionId(a);
            String bSession = sessionId(b);

            assertTrue(a.call("call.get", Map.of("channelId", channel)).path("call").isNull());

            JsonNode joined = a.call("call.join", Map.of("channelId", channel));
            JsonNode call = joined.path("call");
            String callId = call.path("callId").asText();
            assertEquals(channel, call.path("channelId").asText(), joined.toString());
            assertEquals(alice.id(), call.path("startedBy").asText(), joined.toString());
            assertTrue(call.path("startedAt").asText().endsWith("Z"), joined.toString());
            assertEquals(1, call.path("participants").size(), joined.toString());
            assertEquals(aSession, call.path("participants").get(0).path("sessionId").asText(), joined.toString());
            assertTrue(joined.path("iceServers").isArray() && joined.path("iceServers").isEmpty(), joined.toString());
            // the same socket joining again: the same answer, nothing announced twice
            assertEquals(callId, a.call("call.join", Map.of("channelId", channel)).path("call").path("callId").asText());

            // every subscriber, on either gateway: call.started, then call.joined of the one who started it
            for (WsClient socket : List.of(a, b, bOther, c)) {
                JsonNode started = socket.await(event("call.started", channel), EVENT);
                assertEquals(callId, started.path("d").path("callId").asText());
                assertEquals(alice.id(), started.path("d").path("startedBy").asText());
                JsonNode aliceJoined = socket.await(event("call.joined", channel, d -> aSession.equals(
                        d.path("sessionId").asText())), EVENT);
                assertEquals(alice.id(), aliceJoined.path("d").path("userId").asText());
                assertTrue(socket.frames().indexOf(started) < socket.frames().indexOf(aliceJoined));
            }

            JsonNode bJoined = b.call("call.join", Map.of("channelId", channel));
            assertEquals(callId, bJoined.path("call").path("callId").asText());
            assertEquals(2, bJoined.path("call").path("participants").size(), bJoined.toString());
            a.await(event("call.joined", channel, d -> bSession.equals(d.path("sessionId").asText())
                    && bob.id().equals(d.path("userId").asText())), EVENT);

            // offer A → B (gateway a to gateway b), answer and candidate B → A
            Map<String, Object> sdp = Map.of("type", "offer", "sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n");
            assertTrue(a.call("call.signal", Map.of("channelId", channel, "toSessionId", bSession, "kind", "offer",
                    "payload", sdp)).isObject());
            JsonNode offer = b.await(event("call.signal", channel), EVENT).path("d");
            assertEquals(callId, offer.path("callId").asText());
            assertEquals(alice.id(), offer.path("fromUserId").asText());
            assertEquals(aSession, offer.path("fromSessionId").asText());
            assertEquals("offer", offer.path("kind").asText());
            assertEquals(Rest.JSON.valueToTree(sdp), offer.path("payload"));

            b.call("call.signal", Map.of("channelId", channel, "toSessionId", aSession, "kind", "answer",
                    "payload", Map.of("type", "answer", "sdp", "v=0\r\n")));
            b.call("call.signal", Map.of("channelId", channel, "toSessionId", aSession, "kind", "candidate",
                    "payload", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host"));
            a.await(event("call.signal", channel, d -> "answer".equals(d.path("kind").asText())
                    && bSession.equals(d.path("fromSessionId").asText())), EVENT);
            JsonNode candidate = a.await(event("call.signal", channel,
                    d -> "candidate".equals(d.path("kind").asText())), EVENT).path("d");
            assertEquals("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", candidate.path("payload").asText());
            // per sender in order: the answer before the candidate
            assertEquals(List.of("answer", "candidate"), kinds(a, channel));

            // only the target socket: not bob's other socket, not carol, not the sender
            JsonNode got = c.call("call.get", Map.of("channelId", channel)).path("call");
            assertEquals(2, got.path("participants").size(), got.toString());
            for (WsClient other : List.of(bOther, c)) {
                assertEquals(List.of(), kinds(other, channel), "a signal reached a socket it was not for");
            }
            assertEquals(List.of("offer"), kinds(b, channel));
            assertTrue(metric(stack.managementPort("gateway-a"), "parley_call_signals_total{kind=\"offer\"}") >= 1);
            assertTrue(metric(stack.managementPort("gateway-b"), "parley_call_signals_total{kind=\"candidate\"}") >= 1);

            b.call("call.leave", Map.of("channelId", channel));
            JsonNode bLeft = c.await(event("call.left", channel), EVENT).path("d");
            assertEquals(bob.id(), bLeft.path("userId").asText());
            assertEquals(bSession, bLeft.path("sessionId").asText());
            assertEquals("left", bLeft.path("reason").asText());

            a.call("call.leave", Map.of("channelId", channel));
            JsonNode ended = c.await(event("call.ended", channel), EVENT).path("d");
            assertEquals(callId, ended.path("callId").asText());
            assertEquals("empty", ended.path("reason").asText());
            assertEquals(2, c.events("call.left", channel).size());
            assertTrue(c.call("call.get", Map.of("channelId", channel)).path("call").isNull());
        }
    }

    @Test
    void everyErrorOfTheContract() throws Exception {
        TestUser owner = stack.newUser("callo");
        TestUser outsider = stack.newUser("callx");
        TestUser second = stack.newUser("calls");
        TestUser third = stack.newUser("callt");
        TestUser fourth = stack.newUser("callf");
        String secret = Chat.createChannel(rest, owner, "private");
        String open = Chat.createChannel(rest, owner, "public");
        for (TestUser u : List.of(second, third, fourth)) {
            Chat.join(rest, u, open);
        }
        try (WsClient o = WsClient.connect(stack.port("gateway-a"), owner.token());
             WsClient x = WsClient.connect(stack.port("gateway-b"), outsider.token());
             WsClient s2 = WsClient.connect(stack.port("gateway-b"), second.token());
             WsClient s3 = WsClient.connect(stack.port("gateway-a"), third.token());
             WsClient s4 = WsClient.connect(stack.port("gateway-b"), fourth.token())) {
            // access: the rule of subscribe
            assertError(x, "call.join", Map.of("channelId", secret), "NOT_FOUND");
            assertError(x, "call.get", Map.of("channelId", secret), "NOT_FOUND");
            assertError(x, "call.join", Map.of("channelId", java.util.UUID.randomUUID().toString()), "NOT_FOUND");
            assertError(x, "call.join", Map.of("channelId", open), "FORBIDDEN");
            assertError(x, "call.get", Map.of("channelId", open), "FORBIDDEN");
            assertError(x, "call.join", Map.of("channelId", "not-a-uuid"), "INVALID");

            // not in the call
            assertError(o, "call.leave", Map.of("channelId", open), "FORBIDDEN");
            String oSession = sessionId(o);
            assertError(o, "call.signal", signal(open, oSession, "offer", "x"), "FORBIDDEN");
            o.call("call.join", Map.of("channelId", open));
            assertError(s2, "call.leave", Map.of("channelId", open), "FORBIDDEN");
            assertError(s2, "call.signal", signal(open, oSession, "offer", "x"), "FORBIDDEN");
            assertError(x, "call.signal", signal(open, oSession, "offer", "x"), "FORBIDDEN");

            s2.call("call.join", Map.of("channelId", open));
            // the target is no participant
            assertError(o, "call.signal", signal(open, sessionId(s3), "offer", "x"), "NOT_FOUND");
            // shape: kind, payload size, missing fields
            assertError(o, "call.signal", signal(open, sessionId(s2), "hangup", "x"), "INVALID");
            assertError(o, "call.signal", signal(open, sessionId(s2), "offer", "x".repeat(33 * 1024)), "INVALID");
            assertError(o, "call.signal", Map.of("channelId", open, "toSessionId", sessionId(s2), "kind", "offer"),
                    "INVALID");
            assertError(o, "call.signal", signal(open, "nope", "offer", "x"), "INVALID");
            // at the limit: 32 KiB serialized is accepted
            String big = "y".repeat(32 * 1024 - 2);
            o.call("call.signal", signal(open, sessionId(s2), "offer", big));
            assertEquals(big, s2.await(event("call.signal", open), EVENT).path("d").path("payload").asText());

            // full: 3 participants at most on this stack
            s3.call("call.join", Map.of("channelId", open));
            assertError(s4, "call.join", Map.of("channelId", open), "CONFLICT");
            for (WsClient socket : List.of(o, s2, s3)) {
                socket.call("call.leave", Map.of("channelId", open));
            }
            assertTrue(s4.call("call.get", Map.of("channelId", open)).path("call").isNull());
        }
    }

    @Test
    void aParticipantWhoseGatewayIsKilledLeavesAsDisconnectedAndARejoinWithinGraceContinues() throws Exception {
        TestUser alice = stack.newUser("calk");
        TestUser bob = stack.newUser("calr");
        TestUser dave = stack.newUser("cald");
        String channel = Chat.createChannel(rest, alice, "public");
        Chat.join(rest, bob, channel);
        Chat.join(rest, dave, channel);
        try (WsClient a = WsClient.connect(stack.port("gateway-a"), alice.token())) {
            a.call("subscribe", Map.of("channelId", channel, "sinceSeq", 0));
            a.call("call.join", Map.of("channelId", channel));

            // a socket that goes away and comes back within the grace period: the participation continues
            WsClient first = WsClient.connect(stack.port("gateway-a"), bob.token());
            String firstSession = sessionId(first);
            first.call("call.join", Map.of("channelId", channel));
            first.abort();
            // once session-service has seen the close (the session is no longer live), rejoin from a new socket
            await().atMost(EVENT).until(() -> !rest.get("/api/sessions", bob.token()).raw().contains(firstSession));
            try (WsClient again = WsClient.connect(stack.port("gateway-a"), bob.token())) {
                String againSession = sessionId(again);
                JsonNode rejoined = again.call("call.join", Map.of("channelId", channel)).path("call");
                assertEquals(2, rejoined.path("participants").size(), rejoined.toString());
                a.await(event("call.joined", channel, d -> againSession.equals(d.path("sessionId").asText())), EVENT);
                // well past the grace period (3 s) and its sweep: bob never left
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                        .until(() -> a.events("call.left", channel).isEmpty());
                again.call("call.leave", Map.of("channelId", channel));
                JsonNode left = a.await(event("call.left", channel), EVENT).path("d");
                assertEquals(againSession, left.path("sessionId").asText());
                assertEquals("left", left.path("reason").asText());
            }

            // a participant on gateway b, which is killed: it leaves with "disconnected" (3 missed 1 s heartbeats,
            // then the 3 s grace period)
            WsClient onB = WsClient.connect(stack.port("gateway-b"), dave.token());
            String daveSession = sessionId(onB);
            onB.call("call.join", Map.of("channelId", channel));
            a.await(event("call.joined", channel, d -> daveSession.equals(d.path("sessionId").asText())), EVENT);
            long killedAt = System.nanoTime();
            stack.kill("gateway-b");
            try {
                JsonNode gone = a.await(event("call.left", channel, d -> daveSession.equals(
                        d.path("sessionId").asText())), Duration.ofSeconds(60)).path("d");
                assertEquals("disconnected", gone.path("reason").asText());
                assertEquals(dave.id(), gone.path("userId").asText());
                long seconds = Duration.ofNanos(System.nanoTime() - killedAt).toSeconds();
                assertTrue(seconds >= 3, "left after " + seconds + " s, before the grace period");
                assertTrue(metric(stack.managementPort("session-service"),
                        "parley_call_participants_left_total{reason=\"disconnected\"}") >= 1);
            } finally {
                onB.abort();
                stack.restart("gateway-b");
            }
            a.call("call.leave", Map.of("channelId", channel));
            a.await(event("call.ended", channel), EVENT);
        }
    }

    @Test
    void aDmCallRingsThePartnerAndBansAndLeavingTheChannelEndParticipation() throws Exception {
        TestUser alice = stack.newUser("calm");
        TestUser bob = stack.newUser("calp");
        try (WsClient a = WsClient.connect(stack.port("gateway-a"), alice.token());
             WsClient b = WsClient.connect(stack.port("gateway-b"), bob.token())) {
            Rest.Response dm = rest.post("/api/dms", alice.token(), Map.of("userId", bob.id()));
            assertEquals(201, dm.status(), dm.raw());
            String channel = dm.body().path("id").asText();
            b.await(f -> "channel.joined".equals(f.path("t").asText())
                    && channel.equals(f.path("d").path("channelId").asText()), EVENT);
            // the DM's members reach session-service on user.events, beside the join on session.events: a call
            // started in the very first moments may not know the DM yet, so start it until it rings
            JsonNode ringing = null;
            for (int attempt = 0; attempt < 5 && ringing == null; attempt++) {
                String callId = a.call("call.join", Map.of("channelId", channel)).path("call").path("callId").asText();
                try {
                    ringing = b.await(f -> "call.ringing".equals(f.path("t").asText())
                            && callId.equals(f.path("d").path("callId").asText()), Duration.ofSeconds(3));
                } catch (AssertionError notYet) {
                    a.call("call.leave", Map.of("channelId", channel));
                }
            }
            assertTrue(ringing != null, "call.ringing never reached the DM partner");
            assertEquals(alice.id(), ringing.path("d").path("from").asText());
            assertEquals(channel, ringing.path("d").path("channelId").asText());
            a.call("call.leave", Map.of("channelId", channel));
        }

        // a banned participant leaves at once ("banned"), a member who leaves the channel with "removed"
        TestUser admin = stack.login(stack.adminUsername, stack.adminPassword);
        TestUser carol = stack.newUser("calq");
        TestUser eve = stack.newUser("calv");
        String channel = Chat.createChannel(rest, alice, "public");
        Chat.join(rest, carol, channel);
        Chat.join(rest, eve, channel);
        try (WsClient a = WsClient.connect(stack.port("gateway-a"), alice.token());
             WsClient c = WsClient.connect(stack.port("gateway-b"), carol.token());
             WsClient e = WsClient.connect(stack.port("gateway-a"), eve.token())) {
            a.call("subscribe", Map.of("channelId", channel, "sinceSeq", 0));
            a.call("call.join", Map.of("channelId", channel));
            c.call("call.join", Map.of("channelId", channel));
            e.call("call.join", Map.of("channelId", channel));
            Rest.Response ban = rest.post("/api/auth/users/" + eve.id() + "/ban", admin.token(), Map.of());
            assertEquals(204, ban.status(), ban.raw());
            JsonNode banned = a.await(event("call.left", channel, d -> eve.id().equals(d.path("userId").asText())),
                    EVENT).path("d");
            assertEquals("banned", banned.path("reason").asText());

            assertEquals(204, rest.post("/api/channels/" + channel + "/leave", carol.token(), Map.of()).status());
            JsonNode removed = a.await(event("call.left", channel, d -> carol.id().equals(d.path("userId").asText())),
                    EVENT).path("d");
            assertEquals("removed", removed.path("reason").asText());
            assertEquals(1, a.call("call.get", Map.of("channelId", channel)).path("call").path("participants").size());
            a.call("call.leave", Map.of("channelId", channel));
            a.await(event("call.ended", channel), EVENT);
        }
    }

    /**
     * session-service holds call state: SIGKILLed and restarted, it must come back with the call as it was. Until the
     * group hands the dead consumer's partitions over, call ops answer UNAVAILABLE; once they answer, both
     * participants are still in the call (judging gateways before reading their heartbeats expired every session and
     * ended the call, see SessionEventsAssignment), no one was announced as gone, and signalling works.
     */
    @Test
    void aCallSurvivesARestartOfSessionService() throws Exception {
        TestUser alice = stack.newUser("callra");
        TestUser bob = stack.newUser("callrb");
        String channel = Chat.createChannel(rest, alice, "public");
        Chat.join(rest, bob, channel);
        try (WsClient a = WsClient.connect(stack.port("gateway-a"), alice.token());
             WsClient b = WsClient.connect(stack.port("gateway-b"), bob.token())) {
            a.call("subscribe", Map.of("channelId", channel, "sinceSeq", 0));
            b.call("subscribe", Map.of("channelId", channel, "sinceSeq", 0));
            String callId = a.call("call.join", Map.of("channelId", channel)).path("call").path("callId").asText();
            b.call("call.join", Map.of("channelId", channel));
            a.await(event("call.joined", channel, d -> bob.id().equals(d.path("userId").asText())), EVENT);

            stack.kill("session-service");
            stack.restart("session-service");
            // answered again once the restarted instance has the partitions (ops of both sockets keep them alive)
            JsonNode call = await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                JsonNode reply = a.reply(a.send("call.get", Map.of("channelId", channel)));
                b.sendText("{\"op\":\"ping\"}");
                return "ok".equals(reply.path("op").asText()) ? reply.path("d").path("call") : null;
            }, java.util.Objects::nonNull);
            assertEquals(callId, call.path("callId").asText(), call.toString());
            assertEquals(2, call.path("participants").size(), call.toString());
            // past the heartbeat window and the grace period (3 s each here): still both, nothing announced
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        b.sendText("{\"op\":\"ping\"}");
                        return a.call("call.get", Map.of("channelId", channel)).path("call").path("participants").size();
                    }, n -> n == 2);
            assertEquals(List.of(), b.events("call.left", channel), "a participant was announced as gone");
            assertEquals(List.of(), b.events("call.ended", channel), "the call was announced as ended");
            a.call("call.signal", signal(channel, sessionId(b), "offer", Map.of("type", "offer", "sdp", "v=0\r\n")));
            b.await(event("call.signal", channel, d -> "offer".equals(d.path("kind").asText())), EVENT);
            a.call("call.leave", Map.of("channelId", channel));
            b.call("call.leave", Map.of("channelId", channel));
            b.await(event("call.ended", channel), EVENT);
        }
    }

    private static String sessionId(WsClient socket) {
        return socket.hello().path("d").path("sessionId").asText();
    }

    private static Map<String, Object> signal(String channel, String to, String kind, Object payload) {
        return Map.of("channelId", channel, "toSessionId", to, "kind", kind, "payload", payload);
    }

    private static void assertError(WsClient socket, String op, Object d, String code) {
        JsonNode reply = socket.reply(socket.send(op, d));
        assertEquals("error", reply.path("op").asText(), op + " " + reply);
        assertEquals(code, reply.path("d").path("code").asText(), op + " " + reply);
    }

    private static Predicate<JsonNode> event(String type, String channel) {
        return event(type, channel, d -> true);
    }

    private static Predicate<JsonNode> event(String type, String channel, Predicate<JsonNode> d) {
        return f -> "event".equals(f.path("op").asText()) && type.equals(f.path("t").asText())
                && channel.equals(f.path("d").path("channelId").asText()) && d.test(f.path("d"));
    }

    private static List<String> kinds(WsClient socket, String channel) {
        List<String> kinds = new ArrayList<>();
        socket.events("call.signal", channel).forEach(f -> kinds.add(f.path("d").path("kind").asText()));
        return kinds;
    }

    /** One sample of a service's /q/metrics (on its management port), 0 when absent. */
    private static double metric(int port, String sample) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
