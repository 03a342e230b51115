package io.parley.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.service.CommandProcessor;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.chat.support.TestUsers;
import io.parley.devstack.DevstackResource;
import io.parley.events.EnvelopeJson;
import io.parley.kit.caller.Caller;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A batch reads its senders' memberships and clientMsgId dedupe once, up front (BatchReads): every send of one batch
 * still gets the answer a read of its own would have given, retries inside the batch included.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class BatchReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    CommandProcessor processor;

    @Inject
    MeterRegistry registry;

    @Test
    void oneBatchAnswersEachSendAsItsOwnReadsWould() throws Exception {
        TestUser owner = TestUsers.create(pool);
        TestUser member = TestUsers.create(pool);
        TestUser outsider = TestUsers.create(pool);
        String open = channel(owner, "public");
        String closed = channel(owner, "private");
        invite(owner, closed, member);
        // sent in an earlier batch: the batch below must replay it, not send it again
        CommandOutcome earlier = processor.commitDurably(List.of(send(member, closed, "earlier", "cm-earlier")))
                .await().atMost(WAIT).get(0);

        List<Command> commands = new ArrayList<>();
        commands.add(send(owner, open, "owner in open", "cm-1"));                          // 0 ok
        commands.add(send(outsider, open, "outsider in open", "cm-2"));                    // 1 FORBIDDEN (visible)
        commands.add(send(outsider, closed, "outsider in closed", "cm-3"));                // 2 NOT_FOUND (invisible)
        commands.add(send(member, closed, "member in closed", "cm-4"));                    // 3 ok
        commands.add(send(member, UUID.randomUUID().toString(), "nowhere", "cm-5"));       // 4 NOT_FOUND
        commands.add(send(member, closed, "member in closed, retried", "cm-4"));           // 5 replays 3
        commands.add(send(member, closed, "earlier, retried", "cm-earlier"));              // 6 replays earlier
        commands.add(send(owner, open, "owner in open, retried", "cm-1"));                 // 7 replays 0
        commands.add(send(member, open, "member not in open", "cm-6"));                    // 8 FORBIDDEN
        commands.add(send(owner, closed, "owner in closed", "cm-1b"));                     // 9 ok

        double splitBefore = splitBatches();
        List<CommandOutcome> outcomes = processor.commitDurably(commands).await().atMost(WAIT);

        // the batch committed whole: a retry in it found its first instead of failing on the unique key (which the
        // one-by-one fallback would have hidden)
        assertEquals(splitBefore, splitBatches(), "the batch was applied as one transaction");

        assertEquals(commands.size(), outcomes.size());
        assertEquals("FORBIDDEN", code(outcomes.get(1)), "a non-member of a public channel");
        assertEquals("NOT_FOUND", code(outcomes.get(2)), "a non-member of a private channel learns nothing");
        assertEquals("NOT_FOUND", code(outcomes.get(4)), "no such channel");
        assertEquals("FORBIDDEN", code(outcomes.get(8)), "a member elsewhere is no member here");
        for (int ok : List.of(0, 3, 9)) {
            assertFalse(outcomes.get(ok).reply().has("error"), "send " + ok + ": " + outcomes.get(ok).reply());
        }
        assertEquals(messageId(outcomes.get(3)), messageId(outcomes.get(5)), "a retry in the batch replays its first");
        assertEquals(messageId(outcomes.get(0)), messageId(outcomes.get(7)), "a retry in the batch replays its first");
        assertEquals(messageId(earlier), messageId(outcomes.get(6)), "a retry of an earlier batch's send replays it");
        assertNotEquals(messageId(outcomes.get(0)), messageId(outcomes.get(9)), "clientMsgIds are per sender");

        assertEquals(List.of("owner in open"), texts(owner, open));
        assertEquals(List.of("earlier", "member in closed", "owner in closed"), texts(owner, closed));
    }

    /**
     * A batch's sends insert their messages and events together (PendingSends), after the other commands of the batch
     * have run in between: each channel's events still come out gap-free in batch order, every other command sees the
     * messages sent before it in the batch, and a reply in the batch refers to a message of the same batch.
     */
    @Test
    void sendsInsertedTogetherKeepEveryChannelsOrderAndAreSeenByTheCommandsAfterThem() throws Exception {
        TestUser owner = TestUsers.create(pool);
        String a = channel(owner, "public");
        String b = channel(owner, "public");
        CommandOutcome earlier = processor.commitDurably(List.of(send(owner, a, "earlier", "pi-0")))
                .await().atMost(WAIT).get(0);
        String earlierId = messageId(earlier);

        List<Command> commands = new ArrayList<>();
        commands.add(send(owner, a, "a1", "pi-1"));                                          // 0 a: seq +1
        commands.add(send(owner, b, "b1", "pi-2"));                                          // 1 b: seq +1
        commands.add(command(owner, "edit", Map.of("channelId", a, "messageId", earlierId,
                "text", "earlier, edited")));                                                // 2 a: seq +2
        commands.add(send(owner, a, "a2", "pi-3"));                                          // 3 a: seq +3
        commands.add(command(owner, "react", Map.of("channelId", a, "messageId", earlierId,
                "emoji", "👍", "add", true)));                                               // 4 a: seq +4
        commands.add(send(owner, b, "b2", "pi-4"));                                          // 5 b: seq +2
        commands.add(send(owner, a, "a1, retried", "pi-1"));                                 // 6 replays 0
        commands.add(command(owner, "delete", Map.of("channelId", a, "messageId", earlierId))); // 7 a: seq +5
        commands.add(send(owner, a, "a3", "pi-5"));                                          // 8 a: seq +6

        double splitBefore = splitBatches();
        List<CommandOutcome> outcomes = processor.commitDurably(commands).await().atMost(WAIT);
        assertEquals(splitBefore, splitBatches(), "the batch was applied as one transaction");
        for (int i = 0; i < outcomes.size(); i++) {
            assertFalse(outcomes.get(i).reply().has("error"), "command " + i + ": " + outcomes.get(i).reply());
        }
        assertEquals(messageId(outcomes.get(0)), messageId(outcomes.get(6)), "a retry in the batch replays its first");

        long base = earlier.reply().path("ok").path("seq").asLong();
        assertEquals(List.of(
                (base + 1) + " message.created a1",
                (base + 2) + " message.updated earlier, edited",
                (base + 3) + " message.created a2",
                (base + 4) + " reaction.added",
                (base + 5) + " message.deleted",
                (base + 6) + " message.created a3"), events(a, base));
        long b1 = outcomes.get(1).reply().path("ok").path("seq").asLong();
        assertEquals(List.of(b1 + " message.created b1", (b1 + 1) + " message.created b2"), events(b, b1 - 1));
        for (int ok : List.of(0, 3, 8)) {
            assertEquals(outcomes.get(ok).reply().path("ok").path("seq").asLong(),
                    seqOf(messageId(outcomes.get(ok))), "the reply's seq is the stored message's");
        }
        assertEquals(List.of("", "a1", "a2", "a3"), texts(owner, a), "the deleted one kept as an empty tombstone");
        assertEquals(List.of("b1", "b2"), texts(owner, b));
    }

    /** The channel's logged events after {@code after}: "seq type [text of a created message]". */
    private List<String> events(String channelId, long after) {
        List<String> events = new ArrayList<>();
        pool.preparedQuery("SELECT seq, type, payload #>> '{message,text}' AS text FROM channel_events "
                        + "WHERE channel_id = $1 AND seq > $2 ORDER BY seq")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(channelId), after)).await().atMost(WAIT)
                .forEach(row -> events.add(row.getLong("seq") + " " + row.getString("type")
                        + (row.getString("text") == null ? "" : " " + row.getString("text"))));
        return events;
    }

    private long seqOf(String messageId) {
        return pool.preparedQuery("SELECT seq FROM messages WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(messageId))).await().atMost(WAIT)
                .iterator().next().getLong("seq");
    }

    private static Command command(TestUser user, String op, Map<String, Object> d) {
        return new Command(UUID.randomUUID().toString(), op, new Caller(user.id(), user.username(), false),
                EnvelopeJson.mapper().valueToTree(d), null);
    }

    private double splitBatches() {
        return registry.counter("parley.chat.command.batch.split").count();
    }

    private static Command send(TestUser user, String channelId, String text, String clientMsgId) {
        return new Command(UUID.randomUUID().toString(), "send", new Caller(user.id(), user.username(), false),
                EnvelopeJson.mapper().valueToTree(Map.of("channelId", channelId, "text", text, "clientMsgId",
                        clientMsgId)), null);
    }

    private static String code(CommandOutcome outcome) {
        return outcome.reply().path("error").path("code").asText();
    }

    private static String messageId(CommandOutcome outcome) {
        return outcome.reply().path("ok").path("messageId").asText();
    }

    /** The channel's live messages' texts in seq order. */
    private static List<String> texts(TestUser reader, String channelId) throws Exception {
        JsonNode page = EnvelopeJson.mapper().readTree(
                get(reader, "/api/channels/" + channelId + "/messages?limit=100").extract().asString());
        List<JsonNode> messages = new ArrayList<>();
        page.path("messages").forEach(messages::add);
        messages.sort((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()));
        return messages.stream().map(m -> m.path("text").asText()).toList();
    }
}
