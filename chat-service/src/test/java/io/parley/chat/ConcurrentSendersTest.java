package io.parley.chat;

import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.TestCommands.command;
import static io.parley.chat.support.TestCommands.instance;
import static io.parley.chat.support.TestCommands.ok;
import static io.parley.chat.support.TestCommands.produce;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Many senders on one channel: seq stays gap-free and chat.events carries it in order. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class ConcurrentSendersTest {

    private static final int SENDERS = 8;
    private static final int MESSAGES_EACH = 200;

    @Inject
    Pool pool;

    @Test
    void concurrentSendersGetGapFreeSeqsPublishedInOrder() throws Exception {
        TestUser owner = TestUsers.create(pool);
        String id = channel(owner, "private");
        List<TestUser> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            TestUser sender = TestUsers.create(pool);
            invite(owner, id, sender);
            senders.add(sender);
        }
        long firstMessageSeq = SENDERS + 2;
        int total = SENDERS * MESSAGES_EACH;
        String gateway = instance();
        ExecutorService pool8 = Executors.newFixedThreadPool(SENDERS);
        try (var replies = TestKafka.tail("gateway.replies"); var events = TestKafka.tail("chat.events")) {
            List<Future<?>> producing = new ArrayList<>();
            for (TestUser sender : senders) {
                producing.add(pool8.submit(() -> {
                    for (int m = 0; m < MESSAGES_EACH; m++) {
                        produce(command(sender, "send", id, Map.of("channelId", id, "text", "message " + m,
                                "clientMsgId", "c-" + m), gateway, sender.username() + "-" + m));
                    }
                }));
            }
            for (Future<?> f : producing) {
                f.get();
            }
            List<Envelope> answered = replies.await(TestKafka.subject(gateway), total, Duration.ofSeconds(150));
            Set<Long> replySeqs = new HashSet<>();
            answered.forEach(r -> replySeqs.add(assertNotNullOk(r).get("seq").asLong()));
            assertEquals(total, replySeqs.size());

            List<Envelope> created = events.await(e -> id.equals(e.subject()) && e.type().equals("message.created"),
                    total, Duration.ofSeconds(60));
            List<Long> seqs = created.stream().map(e -> e.data().get("seq").asLong()).toList();
            List<Long> expected = LongStream.range(firstMessageSeq, firstMessageSeq + total).boxed().toList();
            assertEquals(expected, seqs, "chat.events carries every seq once, in order");
            assertEquals(new HashSet<>(expected), replySeqs);
        } finally {
            pool8.shutdownNow();
        }
        long logged = pool.preparedQuery("SELECT count(*) AS n, max(seq) AS top FROM channel_events WHERE channel_id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
        assertEquals(firstMessageSeq - 1 + total, logged, "the event log has no gap");
        get(owner, "/api/channels/" + id).body("lastSeq", equalTo((int) (firstMessageSeq - 1 + total)));
    }

    private static com.fasterxml.jackson.databind.JsonNode assertNotNullOk(Envelope reply) {
        assertNotNull(ok(reply), () -> "refused: " + reply.data());
        return ok(reply);
    }
}
