package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.support.TestBots;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.chat.webhooks.BotPoster.Posted;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.kit.error.ForbiddenException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.Api.invite;
import static io.parley.chat.support.TestCommands.command;
import static io.parley.chat.support.TestCommands.instance;
import static io.parley.chat.support.TestCommands.produce;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BotPoster: a bot's post takes the send's path, so seq, dedupe and chat.events are a send's. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "chat"))
class BotPosterTest {

    @Inject
    Pool pool;

    @Inject
    BotPoster poster;

    @Test
    void postsAndChatCommandsSendsOnOneChannelGetGapFreeSeqsInOrder() throws Exception {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String id = channel(owner, "private");
        invite(owner, id, bot);
        UUID channelId = UUID.fromString(id);
        long first = lastSeq(channelId) + 1;
        int posts = 60;
        int sends = 60;
        String gateway = instance();
        try (var events = TestKafka.tail("chat.events")) {
            List<CompletableFuture<Posted>> posting = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                // posts and the consumer's batches interleave: all run while the commands are being produced
                posting.add(poster.post(channelId, bot.id(), "post " + i, "test:" + i, null)
                        .subscribeAsCompletionStage().toCompletableFuture());
                produce(command(owner, "send", id, Map.of("channelId", id, "text", "send " + i, "clientMsgId", "s-" + i),
                        gateway, "f-" + i));
            }
            Set<Long> postSeqs = new HashSet<>();
            for (CompletableFuture<Posted> p : posting) {
                Posted posted = p.get(60, TimeUnit.SECONDS);
                assertTrue(posted.created());
                postSeqs.add(posted.seq());
            }
            assertEquals(posts, postSeqs.size());
            List<Envelope> created = events.await(e -> id.equals(e.subject()) && e.type().equals("message.created"),
                    posts + sends, Duration.ofSeconds(90));
            List<Long> seqs = created.stream().map(e -> e.data().get("seq").asLong()).toList();
            assertEquals(LongStream.range(first, first + posts + sends).boxed().toList(), seqs,
                    "chat.events carries every seq once, in order");
            long botEvents = created.stream()
                    .filter(e -> bot.id().toString().equals(e.data().path("message").path("senderId").asText())).count();
            assertEquals(posts, botEvents);
        }
        assertEquals(first - 1 + posts + sends, lastSeq(channelId));
    }

    @Test
    void concurrentDuplicatesPostOneMessageAndAllGetItsAnswer() throws Exception {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String id = channel(owner, "private");
        invite(owner, id, bot);
        UUID channelId = UUID.fromString(id);
        List<CompletableFuture<Posted>> posting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posting.add(poster.post(channelId, bot.id(), "once", "test:same-key", null).subscribeAsCompletionStage().toCompletableFuture());
        }
        Set<UUID> ids = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        int created = 0;
        for (CompletableFuture<Posted> p : posting) {
            Posted posted = p.get(60, TimeUnit.SECONDS);
            ids.add(posted.messageId());
            seqs.add(posted.seq());
            created += posted.created() ? 1 : 0;
        }
        assertEquals(1, ids.size());
        assertEquals(1, seqs.size());
        assertEquals(1, created, "one call created it, the others got it again");
        long messages = pool.preparedQuery("SELECT count(*) AS n FROM messages WHERE channel_id = $1")
                .execute(Tuple.of(channelId)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
        assertEquals(1, messages);
        assertEquals(seqs.iterator().next(), lastSeq(channelId), "no seq was taken by a duplicate");
    }

    @Test
    void extrasAreInTheEventAndInHistory() throws Exception {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String id = channel(owner, "private");
        invite(owner, id, bot);
        ObjectNode extras = Json.object();
        extras.putObject("webhook").put("id", "w-1").put("displayName", "Deploys");
        // a contract field in extras never replaces the message's own
        extras.put("senderId", UUID.randomUUID().toString());
        try (var events = TestKafka.tail("chat.events")) {
            Posted posted = poster.post(UUID.fromString(id), bot.id(), "deployed", "test:x", extras)
                    .await().atMost(Duration.ofSeconds(30));
            assertEquals("Deploys", posted.message().path("webhook").path("displayName").asText());
            Envelope event = events.await(e -> id.equals(e.subject()) && e.type().equals("message.created"), 1,
                    Duration.ofSeconds(30)).get(0);
            assertEquals("Deploys", event.data().path("message").path("webhook").path("displayName").asText());
            assertEquals(bot.id().toString(), event.data().path("message").path("senderId").asText());
            assertEquals("test:x", event.data().path("message").path("clientMsgId").asText());
        }
        get(owner, "/api/channels/" + id + "/messages").statusCode(200)
                .body("messages[0].webhook.id", equalTo("w-1"))
                .body("messages[0].senderId", equalTo(bot.id().toString()));
    }

    @Test
    void aBotThatIsNotAMemberOrIsBannedPostsNothing() {
        TestUser owner = TestUsers.create(pool);
        TestUser bot = TestBots.create(pool, owner);
        String id = channel(owner, "private");
        UUID channelId = UUID.fromString(id);
        ExecutionException outsider = assertThrows(ExecutionException.class, () -> poster
                .post(channelId, bot.id(), "hello", "test:1", null).subscribeAsCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals("NOT_FOUND", ((io.parley.kit.error.ApiException) outsider.getCause()).code(),
                "a private channel the bot is not in is invisible to it");
        invite(owner, id, bot);
        TestBots.disable(pool, bot, owner);
        ExecutionException banned = assertThrows(ExecutionException.class, () -> poster
                .post(channelId, bot.id(), "hello", "test:2", null).subscribeAsCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(ForbiddenException.class, banned.getCause());
    }

    private long lastSeq(UUID channelId) {
        return pool.preparedQuery("SELECT last_seq FROM channels WHERE id = $1").execute(Tuple.of(channelId))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("last_seq");
    }
}
