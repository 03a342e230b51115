package io.parley.events.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each data record writes exactly the JSON today's producers build (same fields, same order, nulls where they write
 * nulls) and reads back to an equal record. The expected JSON is written out literally from the producers' code.
 */
class WireShapesTest {

    private static final ObjectMapper MAPPER = EnvelopeJson.mapper();
    private static final UUID U1 = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID U2 = UUID.fromString("22222222-2222-2222-2222-222222222222");
    private static final UUID U3 = UUID.fromString("33333333-3333-3333-3333-333333333333");
    private static final UUID U4 = UUID.fromString("44444444-4444-4444-4444-444444444444");

    /** Asserts the exact wire text (field order included) and the round trip through the builder and dataAs. */
    private static void assertWire(Object record, String expectedJson) {
        try {
            String expected = MAPPER.writeValueAsString(MAPPER.readTree(expectedJson));
            assertEquals(expected, MAPPER.writeValueAsString(record));
            assertEquals(expected, MAPPER.writeValueAsString(Envelopes.toData(record)));
            // read back: the same wire text (JsonNode parts compare by text: 42 may read as an int node, not a long)
            Object read = Envelopes.fromData(MAPPER.readTree(expectedJson), record.getClass());
            assertEquals(expected, MAPPER.writeValueAsString(read));
            Object viaEnvelope = EnvelopeJson.read(EnvelopeJson.write(Envelopes.create("t", "test/1", "k", record)))
                    .dataAs(record.getClass());
            assertEquals(expected, MAPPER.writeValueAsString(viaEnvelope));
            if (!(record instanceof ChatCommand) && !(record instanceof UserEvent) && !(record instanceof Reply)
                    && !(record instanceof CallCommand) && !(record instanceof CallEvent)) {
                assertEquals(record, read);
                assertEquals(record, viaEnvelope);
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    // chat.commands — gateway ChatCommandPublisher
    @Test
    void chatCommand() {
        assertWire(new ChatCommand(U1, "alice", List.of("user", "admin"),
                        json("{\"channelId\":\"" + U2 + "\",\"text\":\"hi\",\"clientMsgId\":\"c1\"}"),
                        new ReplyAddress("host-8080", "conn-1", "f-7")),
                """
                {"userId":"11111111-1111-1111-1111-111111111111","username":"alice","roles":["user","admin"],
                 "d":{"channelId":"22222222-2222-2222-2222-222222222222","text":"hi","clientMsgId":"c1"},
                 "reply":{"instance":"host-8080","connectionId":"conn-1","frameId":"f-7"}}""");
    }

    // user.events — chat EventPublisher, d from MembershipService / MentionNotifier / ReadHandler
    @Test
    void userEventWithItsDs() {
        ReadUpdated read = new ReadUpdated(U2, 42, 3);
        assertWire(read, """
                {"channelId":"22222222-2222-2222-2222-222222222222","readSeq":42,"unread":3}""");
        UserEvent event = new UserEvent(U1, Envelopes.toData(read));
        assertWire(event, """
                {"userId":"11111111-1111-1111-1111-111111111111",
                 "d":{"channelId":"22222222-2222-2222-2222-222222222222","readSeq":42,"unread":3}}""");
        assertEquals(read, Envelopes.fromData(event.d(), ReadUpdated.class));
        assertWire(new Mention(U2, 9, U3, U4), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":9,
                 "messageId":"33333333-3333-3333-3333-333333333333","by":"44444444-4444-4444-4444-444444444444"}""");
        assertWire(new ChannelMembership(U2, channel()), """
                {"channelId":"22222222-2222-2222-2222-222222222222","channel":%s}""".formatted(CHANNEL_JSON));
    }

    // chat.ephemeral — gateway TypingPublisher
    @Test
    void typing() {
        assertWire(new Typing(U2, U1), """
                {"channelId":"22222222-2222-2222-2222-222222222222","userId":"11111111-1111-1111-1111-111111111111"}""");
    }

    // gateway.replies — chat ReplyPublisher + CommandOutcome
    @Test
    void replyOkAndError() {
        ReplyAddress to = new ReplyAddress("host-8080", "conn-1", "f-7");
        assertWire(Reply.ok(to, json("{\"messageId\":\"" + U3 + "\",\"seq\":5,\"createdAt\":\"2026-11-25T12:00:00.000Z\"}")),
                """
                {"connectionId":"conn-1","frameId":"f-7",
                 "ok":{"messageId":"33333333-3333-3333-3333-333333333333","seq":5,"createdAt":"2026-11-25T12:00:00.000Z"}}""");
        assertWire(Reply.ok(to, null), """
                {"connectionId":"conn-1","frameId":"f-7","ok":{}}""");
        Reply error = Reply.error(to, "NOT_FOUND", "no such channel");
        assertWire(error, """
                {"connectionId":"conn-1","frameId":"f-7","error":{"code":"NOT_FOUND","message":"no such channel"}}""");
        assertTrue(error.failed());
    }

    // auth.users — auth UserEventOutbox + UserView
    @Test
    void authUser() {
        assertWire(new AuthUser(new UserProfile(U1, "alice", "Alice", List.of("user"), "2026-11-25T12:00:00.000Z"), true),
                """
                {"user":{"id":"11111111-1111-1111-1111-111111111111","username":"alice","displayName":"Alice",
                 "roles":["user"],"createdAt":"2026-11-25T12:00:00.000Z","bot":false},"banned":true}""");
        assertWire(new AuthUser(new UserProfile(U2, "weather", "Weather", List.of("user"), "2026-11-25T12:00:00.000Z",
                        true, U1), false),
                """
                {"user":{"id":"22222222-2222-2222-2222-222222222222","username":"weather","displayName":"Weather",
                 "roles":["user"],"createdAt":"2026-11-25T12:00:00.000Z","bot":true,
                 "ownerId":"11111111-1111-1111-1111-111111111111"},"banned":false}""");
        // a bot whose token was rotated: every access token issued before tokensNotBefore is refused
        assertWire(new AuthUser(new UserProfile(U2, "weather", "Weather", List.of("user", "bot"),
                        "2026-11-25T12:00:00.000Z", true, U1), true, "2026-11-25T12:30:00.000Z"),
                """
                {"user":{"id":"22222222-2222-2222-2222-222222222222","username":"weather","displayName":"Weather",
                 "roles":["user","bot"],"createdAt":"2026-11-25T12:00:00.000Z","bot":true,
                 "ownerId":"11111111-1111-1111-1111-111111111111"},"banned":true,
                 "tokensNotBefore":"2026-11-25T12:30:00.000Z"}""");
    }

    @Test
    void authUserWithoutTokensNotBeforeReadsAsNull() throws Exception {
        AuthUser old = Envelopes.fromData(MAPPER.readTree("""
                {"user":{"id":"11111111-1111-1111-1111-111111111111","username":"alice","displayName":"Alice",
                 "roles":["user"],"createdAt":"2026-11-25T12:00:00.000Z"},"banned":false}"""), AuthUser.class);
        assertNull(old.tokensNotBefore());
        assertFalse(old.user().bot());
    }

    // session.events — gateway SessionEventPublisher
    @Test
    void sessionOpenedWithNullAgentAndIp() {
        assertWire(new SessionOpened(U3, U1, "host-8080", "Mozilla/5.0", "10.0.0.1", "2026-11-25T12:00:00.123456Z"),
                """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "instance":"host-8080","userAgent":"Mozilla/5.0","ip":"10.0.0.1","connectedAt":"2026-11-25T12:00:00.123456Z"}""");
        assertWire(new SessionOpened(U3, U1, "host-8080", null, null, "2026-11-25T12:00:00Z"),
                """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "instance":"host-8080","userAgent":null,"ip":null,"connectedAt":"2026-11-25T12:00:00Z"}""");
    }

    @Test
    void sessionOpenedWithFamilyId() {
        assertWire(new SessionOpened(U3, U1, "host-8080", null, null, "2026-11-25T12:00:00Z", U4),
                """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "instance":"host-8080","userAgent":null,"ip":null,"connectedAt":"2026-11-25T12:00:00Z",
                 "familyId":"44444444-4444-4444-4444-444444444444"}""");
    }

    @Test
    void sessionClosed() {
        assertWire(new SessionClosed(U3, U1, "host-8080", "2026-11-25T12:00:00Z", 1001), """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "instance":"host-8080","closedAt":"2026-11-25T12:00:00Z","code":1001}""");
        assertWire(new SessionClosed(U3, U1, "host-8080", "2026-11-25T12:00:00Z", null), """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "instance":"host-8080","closedAt":"2026-11-25T12:00:00Z"}""");
    }

    @Test
    void presenceSetWritesNullText() {
        assertWire(new PresenceSet(U3, U1, "away", null), """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "status":"away","text":null}""");
        assertWire(new PresenceSet(U3, U1, "dnd", "focus"), """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "status":"dnd","text":"focus"}""");
    }

    @Test
    void instanceHeartbeatAndStopped() {
        assertWire(new InstanceHeartbeat("host-8080", 5000L), """
                {"instance":"host-8080","intervalMs":5000}""");
        assertWire(new InstanceHeartbeat("host-8080", null), """
                {"instance":"host-8080"}""");
        assertWire(new InstanceStopped("host-8080"), """
                {"instance":"host-8080"}""");
    }

    // session.commands — session SessionCommandPublisher
    @Test
    void sessionCommands() {
        assertWire(new SessionRevoke(U3, U1), """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111"}""");
        assertWire(new SessionRevoke(U3, U1, U4), """
                {"sessionId":"33333333-3333-3333-3333-333333333333","userId":"11111111-1111-1111-1111-111111111111",
                 "familyId":"44444444-4444-4444-4444-444444444444"}""");
        assertWire(new UserDisconnect(U1, 4003), """
                {"userId":"11111111-1111-1111-1111-111111111111","code":4003}""");
    }

    // presence.events — session PresencePublisher
    @Test
    void presenceUpdated() {
        assertWire(new PresenceUpdated(U1, "offline", null, "2026-11-25T12:00:00.000Z"), """
                {"userId":"11111111-1111-1111-1111-111111111111","status":"offline","text":null,
                 "lastSeenAt":"2026-11-25T12:00:00.000Z"}""");
        assertWire(new PresenceUpdated(U1, "online", "hi", null), """
                {"userId":"11111111-1111-1111-1111-111111111111","status":"online","text":"hi","lastSeenAt":null}""");
    }

    // session.events call.op.* — gateway SessionEventPublisher; call.events — session CallPublisher
    @Test
    void callRecords() {
        assertWire(new CallCommand(U1, U2, "gw-1", U3, null, new ReplyAddress("gw-1", "c-1", "f-1")), """
                {"userId":"11111111-1111-1111-1111-111111111111","sessionId":"22222222-2222-2222-2222-222222222222",
                 "instance":"gw-1","channelId":"33333333-3333-3333-3333-333333333333",
                 "reply":{"instance":"gw-1","connectionId":"c-1","frameId":"f-1"}}""");
        assertWire(new CallCommand(U1, U2, "gw-1", U3,
                json("{\"toSessionId\":\"44444444-4444-4444-4444-444444444444\",\"kind\":\"offer\",\"payload\":\"v=0\"}"),
                new ReplyAddress("gw-1", "c-1", "f-1")), """
                {"userId":"11111111-1111-1111-1111-111111111111","sessionId":"22222222-2222-2222-2222-222222222222",
                 "instance":"gw-1","channelId":"33333333-3333-3333-3333-333333333333",
                 "signal":{"toSessionId":"44444444-4444-4444-4444-444444444444","kind":"offer","payload":"v=0"},
                 "reply":{"instance":"gw-1","connectionId":"c-1","frameId":"f-1"}}""");
        assertWire(new CallEvent(U3, null, null, json("{\"channelId\":\"33333333-3333-3333-3333-333333333333\"}")), """
                {"channelId":"33333333-3333-3333-3333-333333333333",
                 "d":{"channelId":"33333333-3333-3333-3333-333333333333"}}""");
        assertWire(new CallEvent(U3, U2, null, json("{\"kind\":\"answer\"}")), """
                {"channelId":"33333333-3333-3333-3333-333333333333",
                 "toSessionId":"22222222-2222-2222-2222-222222222222","d":{"kind":"answer"}}""");
        assertWire(new CallEvent(U3, null, List.of(U1, U4), json("{\"from\":\"x\"}")), """
                {"channelId":"33333333-3333-3333-3333-333333333333",
                 "toUserIds":["11111111-1111-1111-1111-111111111111","44444444-4444-4444-4444-444444444444"],
                 "d":{"from":"x"}}""");
    }

    // media.events — media MediaEventPublisher
    @Test
    void fileEvents() {
        assertWire(new FileUploaded(U4, U1, "cat.png", 12345, "image/png"), """
                {"id":"44444444-4444-4444-4444-444444444444","ownerId":"11111111-1111-1111-1111-111111111111",
                 "name":"cat.png","size":12345,"contentType":"image/png"}""");
        assertWire(new FileDeleted(U4, U1), """
                {"id":"44444444-4444-4444-4444-444444444444","ownerId":"11111111-1111-1111-1111-111111111111"}""");
    }

    // chat.events — ChannelEventLog ({channelId, seq} first) + the handlers' bodies
    @Test
    void messageCreatedAndUpdated() {
        ChatMessage created = new ChatMessage(U3, U2, 7, U1, "hi @bob", "2026-11-25T12:00:00.000Z", null, false, null,
                List.of(new Attachment(U4, "cat.png", 12345, "image/png")), Map.of(), "c1");
        assertWire(new MessageEvent(U2, 7, created), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":7,
                 "message":{"id":"33333333-3333-3333-3333-333333333333","channelId":"22222222-2222-2222-2222-222222222222",
                  "seq":7,"senderId":"11111111-1111-1111-1111-111111111111","text":"hi @bob",
                  "createdAt":"2026-11-25T12:00:00.000Z","editedAt":null,"deleted":false,"replyTo":null,
                  "attachments":[{"id":"44444444-4444-4444-4444-444444444444","name":"cat.png","size":12345,
                  "contentType":"image/png"}],"reactions":{},"clientMsgId":"c1"}}""");
        ChatMessage updated = new ChatMessage(U3, U2, 7, U1, "edited", "2026-11-25T12:00:00.000Z",
                "2026-11-25T12:01:00.000Z", false, U4, List.of(), Map.of("👍", List.of(U1, U4)), null);
        assertWire(new MessageEvent(U2, 8, updated), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":8,
                 "message":{"id":"33333333-3333-3333-3333-333333333333","channelId":"22222222-2222-2222-2222-222222222222",
                  "seq":7,"senderId":"11111111-1111-1111-1111-111111111111","text":"edited",
                  "createdAt":"2026-11-25T12:00:00.000Z","editedAt":"2026-11-25T12:01:00.000Z","deleted":false,
                  "replyTo":"44444444-4444-4444-4444-444444444444","attachments":[],
                  "reactions":{"👍":["11111111-1111-1111-1111-111111111111","44444444-4444-4444-4444-444444444444"]}}}""");
    }

    @Test
    void messageDeletedAndReactions() {
        assertWire(new MessageDeleted(U2, 9, U3, U1), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":9,
                 "messageId":"33333333-3333-3333-3333-333333333333","deletedBy":"11111111-1111-1111-1111-111111111111"}""");
        assertWire(new ReactionChanged(U2, 10, U3, "👍", U1), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":10,
                 "messageId":"33333333-3333-3333-3333-333333333333","emoji":"👍",
                 "userId":"11111111-1111-1111-1111-111111111111"}""");
    }

    @Test
    void memberEvents() {
        assertWire(new MemberEvent(U2, 3, U1, "member", null), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":3,
                 "userId":"11111111-1111-1111-1111-111111111111","role":"member"}""");
        assertWire(new MemberEvent(U2, 4, U1, "member", U4), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":4,
                 "userId":"11111111-1111-1111-1111-111111111111","role":"member",
                 "removedBy":"44444444-4444-4444-4444-444444444444"}""");
    }

    @Test
    void channelUpdated() {
        assertWire(new ChannelUpdated(U2, 11, channel()), """
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":11,"channel":%s}""".formatted(CHANNEL_JSON));
    }

    @Test
    void attachmentAsMediaServiceReadsIt() {
        MessageEvent event = Envelopes.fromData(json("""
                {"channelId":"22222222-2222-2222-2222-222222222222","seq":7,"future":"ignored",
                 "message":{"id":"33333333-3333-3333-3333-333333333333","attachments":[
                 {"id":"44444444-4444-4444-4444-444444444444","name":"a","size":1,"contentType":"text/plain"}]}}"""),
                MessageEvent.class);
        assertEquals(U4, event.message().attachments().get(0).id());
        assertTrue(event.message().reactions() == null);
    }

    private static final String CHANNEL_JSON = """
            {"id":"22222222-2222-2222-2222-222222222222","type":"channel","name":"general","topic":null,
             "visibility":"public","createdAt":"2026-11-25T12:00:00.000Z","lastSeq":11,"memberCount":2}""";

    private static ChannelView channel() {
        return new ChannelView(U2, "channel", "general", null, "public", "2026-11-25T12:00:00.000Z", 11, 2);
    }
}
