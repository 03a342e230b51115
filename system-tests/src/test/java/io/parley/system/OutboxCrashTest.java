package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.devstack.DevstackConfig;
import io.parley.devstack.IsolatedDevstack;
import io.parley.system.ParleyStack.TestUser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox across a real crash: chat-service killed (SIGKILL) between commit and publish still publishes every
 * committed event, once per seq, after its restart. The broker is frozen (SIGSTOP) so that publishing after the
 * commits cannot complete; runs on {@link ParleyStack#isolated()}.
 */
class OutboxCrashTest {

    private static final int COMMITTED = 12;

    private final ParleyStack stack = ParleyStack.isolated();
    private final Rest rest = stack.rest();

    @Test
    void chatServiceKilledBetweenCommitAndPublishPublishesEveryCommittedSeqOnceAfterRestart() throws Exception {
        TestUser owner = stack.newUser("outbox");
        TestUser reader = stack.newUser("reader");
        String channel = Chat.createChannel(rest, owner, "public");
        Chat.join(rest, reader, channel);
        // what came before the crash is published, so the channel's unpublished rows are exactly the ones below
        await().atMost(Duration.ofSeconds(60)).until(() -> outbox(channel, 0).values().stream().allMatch(p -> p));
        long before = outbox(channel, 0).size();
        long last = before + COMMITTED;

        // a live subscriber through the crash: it must get each seq once although chat.events may carry a copy
        try (Subscriber live = new Subscriber(stack.port("gateway-b"), reader, channel)) {
            commitWhileTheBrokerIsFrozenThenKillChatService(owner, channel, before);
            stack.restart("chat-service");

            assertEveryCommittedSeqPublishedAsOneEvent(channel, awaitOnChatEvents(channel, last), before, last);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> outbox(channel, before).values().stream().allMatch(p -> p));
            live.assertReceivesExactlyOnceInOrder("live subscriber on gateway B", COMMITTED, Duration.ofSeconds(60));
        }
        try (WsClient recovering = WsClient.connect(stack.port("gateway-a"), reader.token())) {
            recovering.call("subscribe", Map.of("channelId", channel, "sinceSeq", before));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> recovering.events("message.created", channel).size() >= COMMITTED);
            Chat.assertExactlyOnceInOrder("subscriber with sinceSeq " + before,
                    Chat.seqs(recovering.events("message.created", channel)), before, last);
        }
    }

    /**
     * Freezes the broker, sends {@value COMMITTED} messages over REST straight to chat-service (each commits, then
     * its publishing waits for the broker), checks in the chat database that all are committed and none published,
     * SIGKILLs chat-service and thaws the broker.
     */
    private void commitWhileTheBrokerIsFrozenThenKillChatService(TestUser owner, String channel, long before)
            throws Exception {
        IsolatedDevstack infra = stack.infra();
        Rest chatService = new Rest(stack.port("chat-service"));
        // a thread per send: a request whose publishing hangs must not hold up the others
        ExecutorService senders = Executors.newFixedThreadPool(COMMITTED);
        List<CompletableFuture<Rest.Response>> sends = new ArrayList<>();
        infra.freezeKafka();
        try {
            for (int i = 0; i < COMMITTED; i++) {
                Map<String, Object> body = Map.of("text", "outbox " + i, "clientMsgId", UUID.randomUUID().toString());
                sends.add(CompletableFuture.supplyAsync(() -> chatService.post(
                        "/api/channels/" + channel + "/messages", owner.token(), body), senders));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> outbox(channel, before).size() == COMMITTED);
            Map<Long, Boolean> committed = outbox(channel, before);
            assertEquals(range(before + 1, before + COMMITTED), List.copyOf(committed.keySet()), "the committed seqs");
            assertTrue(committed.values().stream().noneMatch(p -> p),
                    "nothing can be published while the broker is frozen: " + committed);
            stack.kill("chat-service");
        } finally {
            infra.thawKafka();
            sends.forEach(send -> send.exceptionally(killed -> null).join());
            senders.shutdown();
        }
    }

    /**
     * Every seq 1 … last of the channel is on chat.events as one event: the envelope id derived from (channel, seq)
     * and one payload, however many copies. A second copy may exist only of a seq that was committed but not yet
     * marked published at the crash (the killed instance's produce request can still reach the broker, and the
     * restarted one republishes the unmarked row); what was published before the crash is never published again.
     */
    private static void assertEveryCommittedSeqPublishedAsOneEvent(String channel, Map<Long, List<JsonNode>> bySeq,
            long before, long last) {
        List<Long> missing = new ArrayList<>();
        List<String> duplicatedBeforeTheCrash = new ArrayList<>();
        List<String> wrongId = new ArrayList<>();
        List<Long> differentPayloads = new ArrayList<>();
        List<Long> republished = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            List<JsonNode> copies = bySeq.getOrDefault(seq, List.of());
            String expectedId = UUID.nameUUIDFromBytes((channel + ":" + seq).getBytes(StandardCharsets.UTF_8))
                    .toString();
            if (copies.isEmpty()) {
                missing.add(seq);
                continue;
            }
            if (copies.size() > 1 && seq <= before) {
                duplicatedBeforeTheCrash.add(seq + " ×" + copies.size());
            } else if (copies.size() > 1) {
                republished.add(seq);
            }
            for (JsonNode copy : copies) {
                if (!expectedId.equals(copy.path("id").asText())) {
                    wrongId.add(seq + " " + copy.path("id").asText());
                }
                if (!copy.path("type").equals(copies.get(0).path("type"))
                        || !copy.path("data").equals(copies.get(0).path("data"))) {
                    differentPayloads.add(seq);
                }
            }
        }
        List<Long> unexpected = bySeq.keySet().stream().filter(seq -> seq < 1 || seq > last).toList();
        System.out.printf("outbox crash: seqs %d..%d committed before the crash; on chat.events twice: %s%n",
                before + 1, last, republished);
        assertTrue(missing.isEmpty() && duplicatedBeforeTheCrash.isEmpty() && wrongId.isEmpty()
                        && differentPayloads.isEmpty() && unexpected.isEmpty(),
                "chat.events for channel " + channel + ": expected seq 1.." + last + " as one event each; missing "
                        + missing + ", published twice though marked before the crash " + duplicatedBeforeTheCrash
                        + ", with another envelope id " + wrongId + ", copies that differ " + differentPayloads
                        + ", unexpected " + unexpected);
    }

    /**
     * Reads chat.events from the beginning until the channel's events up to {@code last} are there (or a timeout),
     * plus a few seconds more for late copies; asserts that they arrive in seq order.
     * @return every envelope of the channel by seq, in arrival order
     */
    private Map<Long, List<JsonNode>> awaitOnChatEvents(String channel, long last) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Long, List<JsonNode>> bySeq = new TreeMap<>();
        List<Long> arrival = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("chat.events", Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!channel.equals(record.key())) {
                        continue;
                    }
                    JsonNode envelope = Rest.JSON.readTree(record.value());
                    long seq = envelope.path("data").path("seq").asLong();
                    arrival.add(seq);
                    bySeq.computeIfAbsent(seq, s -> new ArrayList<>()).add(envelope);
                }
                if (settled == Long.MAX_VALUE && bySeq.keySet().containsAll(range(1, last))) {
                    settled = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading chat.events failed: " + e.getMessage(), e);
        }
        Chat.assertExactlyOnceInOrder("chat.events of channel " + channel + ", first copies in partition order",
                arrival.stream().distinct().toList(), 0, last);
        return bySeq;
    }

    /** The channel's rows in chat-service's outbox (channel_events) above {@code after}: seq → published. */
    private Map<Long, Boolean> outbox(String channel, long after) throws SQLException {
        DevstackConfig config = stack.config;
        Map<Long, Boolean> out = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl("chat"), config.pgUser(), config.pgPassword());
                PreparedStatement query = db.prepareStatement("SELECT seq, published FROM channel_events "
                        + "WHERE channel_id = ?::uuid AND seq > ? ORDER BY seq")) {
            query.setString(1, channel);
            query.setLong(2, after);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.put(rows.getLong("seq"), rows.getBoolean("published"));
                }
            }
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
