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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures of the Kafka broker, on {@link ParleyStack#isolated()} (never the shared devstack), which this class stops
 * when it is done:
 * <ol>
 * <li>guarantee 4 with the broker as the crashing part: SIGKILL of the broker mid-burst, restarted on the same ports
 * and data;</li>
 * <li>the outbox across a real crash: chat-service killed (SIGKILL) between commit and publish — the broker frozen
 * (SIGSTOP) so that publishing cannot complete — still publishes every committed event exactly once per seq after
 * its restart: what the killed instance had sent stays in its aborted Kafka transaction, which read_committed
 * readers never see.</li>
 * </ol>
 * The order saves time only: the broker crash goes first, so it does not wait for the consumer group to forget the
 * chat-service the second test kills.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerFaultTest {

    private static final int BURST = 60;
    private static final int COMMITTED = 12;

    private final ParleyStack stack = ParleyStack.isolated();
    private final Rest rest = stack.rest();

    @AfterAll
    static void stopTheIsolatedStack() {
        ParleyStack.stopIsolated();
    }

    @Test
    @Order(1)
    void acknowledgedMessagesSurviveABrokerCrashAndRetriesCreateNoDuplicates() throws Exception {
        TestUser owner = stack.newUser("brokercrash");
        TestUser watcherA = stack.newUser("wa");
        TestUser watcherB = stack.newUser("wb");
        String channel = Chat.createChannel(rest, owner, "public");
        Chat.join(rest, watcherA, channel);
        Chat.join(rest, watcherB, channel);

        // another test may just have restarted a service or the broker: start once a send goes through end to end
        awaitASendAcknowledged(owner, channel);

        Map<String, String> textByClientMsgId = new LinkedHashMap<>();
        Map<String, String> acked = new HashMap<>();
        List<String> toRetry = new ArrayList<>();
        try (Subscriber onA = new Subscriber(stack.port("gateway-a"), watcherA, channel);
                Subscriber onB = new Subscriber(stack.port("gateway-b"), watcherB, channel)) {
            try (WsClient socket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
                Map<String, String> requestByClientMsgId = sendABurstCrashingTheBroker(socket, channel,
                        textByClientMsgId);
                // every request gets one answer: ok (durable) or an error (then the client retries); a request whose
                // socket closed before its answer is retried too
                for (var entry : requestByClientMsgId.entrySet()) {
                    JsonNode reply = replyOrNull(socket, entry.getValue());
                    if (reply != null && "ok".equals(reply.path("op").asText())) {
                        acked.put(entry.getKey(), reply.path("d").path("messageId").asText());
                    } else {
                        toRetry.add(entry.getKey());
                    }
                }
                assertOneAnswerEach(socket, requestByClientMsgId);
            }
            System.out.printf("broker crash: %d of %d sends acknowledged at the first try, %d retried%n",
                    acked.size(), BURST, toRetry.size());
            try (WsClient retrying = WsClient.connect(stack.port("gateway-b"), owner.token())) {
                for (String clientMsgId : toRetry) {
                    JsonNode ok = await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                            .until(() -> retrying.call("send", Chat.message(channel,
                                    textByClientMsgId.get(clientMsgId), clientMsgId)), r -> r.has("messageId"));
                    acked.put(clientMsgId, ok.path("messageId").asText());
                }
            }

            List<JsonNode> history = Chat.history(rest, owner, channel);
            assertEachTextOnceWithItsAcknowledgedId(history, textByClientMsgId, acked);
            Chat.assertExactlyOnceInOrder("history", history.stream().map(m -> m.path("seq").asLong())
                    .filter(seq -> seq > onA.start()).toList(), onA.start(), onA.start() + BURST);
            onA.assertReceivesExactlyOnceInOrder("subscriber on gateway A", BURST, Duration.ofSeconds(120));
            onB.assertReceivesExactlyOnceInOrder("subscriber on gateway B", BURST, Duration.ofSeconds(120));
        }
        // a messaging channel that failed for good would leave its service not ready
        List<String> notReady = stack.services().stream().filter(name -> !stack.ready(name)).toList();
        assertTrue(notReady.isEmpty(), "not ready after the broker restart: " + notReady);
    }

    /**
     * Sends {@value BURST} messages without waiting for answers; the broker is killed (SIGKILL) after the 21st, once
     * some are acknowledged, and started again after the last. @return the request id of each clientMsgId
     */
    private Map<String, String> sendABurstCrashingTheBroker(WsClient socket, String channel,
            Map<String, String> textByClientMsgId) throws Exception {
        IsolatedDevstack infra = stack.infra();
        Map<String, String> requestByClientMsgId = new LinkedHashMap<>();
        try {
            for (int i = 0; i < BURST; i++) {
                String clientMsgId = UUID.randomUUID().toString();
                String text = "brokercrash " + i + " " + clientMsgId;
                textByClientMsgId.put(clientMsgId, text);
                requestByClientMsgId.put(clientMsgId, socket.send("send", Chat.message(channel, text, clientMsgId)));
                if (i == 20) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> countOks(socket) >= 5);
                    infra.crashKafka();
                }
            }
        } finally {
            if (!infra.kafkaRunning()) {
                infra.restartKafka();
            }
        }
        return requestByClientMsgId;
    }

    private void awaitASendAcknowledged(TestUser owner, String channel) throws Exception {
        String clientMsgId = UUID.randomUUID().toString();
        try (WsClient socket = WsClient.connect(stack.port("gateway-a"), owner.token())) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> socket.call("send", Chat.message(channel, "warm-up", clientMsgId)), r -> r.has("seq"));
        }
    }

    /** Every sent text is in history exactly once, under the messageId its ok (first or retried) named. */
    private static void assertEachTextOnceWithItsAcknowledgedId(List<JsonNode> history,
            Map<String, String> textByClientMsgId, Map<String, String> acked) {
        Map<String, List<String>> idsByText = new HashMap<>();
        for (JsonNode message : history) {
            idsByText.computeIfAbsent(message.path("text").asText(), t -> new ArrayList<>())
                    .add(message.path("id").asText());
        }
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> otherId = new ArrayList<>();
        for (var entry : textByClientMsgId.entrySet()) {
            List<String> ids = idsByText.getOrDefault(entry.getValue(), List.of());
            if (ids.isEmpty()) {
                missing.add(entry.getValue());
            } else if (ids.size() > 1) {
                duplicated.add(entry.getValue() + " ×" + ids.size());
            } else if (!ids.get(0).equals(acked.get(entry.getKey()))) {
                otherId.add(entry.getValue() + ": acknowledged " + acked.get(entry.getKey()) + ", stored "
                        + ids.get(0));
            }
        }
        assertTrue(missing.isEmpty() && duplicated.isEmpty() && otherId.isEmpty(), "after the broker crash: missing "
                + missing + ", duplicated " + duplicated + ", acknowledged under another id " + otherId);
        assertTrue(acked.size() == textByClientMsgId.size(), "every send acknowledged once retried: " + acked.size()
                + " of " + textByClientMsgId.size());
    }

    /** The protocol's one answer per request: never an error and later an ok (or two of either) for one id. */
    private static void assertOneAnswerEach(WsClient socket, Map<String, String> requestByClientMsgId) {
        Map<String, Long> answers = new HashMap<>();
        for (JsonNode frame : socket.frames()) {
            String op = frame.path("op").asText();
            if (("ok".equals(op) || "error".equals(op)) && frame.hasNonNull("id")) {
                answers.merge(frame.path("id").asText(), 1L, Long::sum);
            }
        }
        List<String> repeated = requestByClientMsgId.values().stream().filter(id -> answers.getOrDefault(id, 0L) > 1)
                .map(id -> id + " ×" + answers.get(id)).toList();
        assertTrue(repeated.isEmpty(), "requests answered more than once: " + repeated);
    }

    private static JsonNode replyOrNull(WsClient socket, String requestId) {
        try {
            return socket.reply(requestId);
        } catch (AssertionError closedOrSilent) {
            return null;
        }
    }

    private static long countOks(WsClient socket) {
        return socket.frames().stream().filter(f -> "ok".equals(f.path("op").asText())).count();
    }

    @Test
    @Order(2)
    void chatServiceKilledBetweenCommitAndPublishPublishesEveryCommittedSeqOnceAfterRestart() throws Exception {
        TestUser owner = stack.newUser("outbox");
        TestUser reader = stack.newUser("reader");
        String channel = Chat.createChannel(rest, owner, "public");
        Chat.join(rest, reader, channel);
        // what came before the crash is published, so the channel's unpublished rows are exactly the ones below
        await().atMost(Duration.ofSeconds(60)).until(() -> outbox(channel, 0).values().stream().allMatch(p -> p));
        long before = outbox(channel, 0).size();
        long last = before + COMMITTED;

        // a live subscriber through the crash: it must get each seq once
        try (Subscriber live = new Subscriber(stack.port("gateway-b"), reader, channel)) {
            commitWhileTheBrokerIsFrozenThenKillChatService(owner, channel, before);
            stack.restart("chat-service");

            assertEveryCommittedSeqPublishedExactlyOnce(channel, awaitOnChatEvents(channel, last), before, last);
            System.out.printf("outbox crash: the channel's records on the chat.events log, aborted ones included: %d%n",
                    recordsOnTheLog(channel));
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
     * Every seq 1 … last of the channel is on chat.events (as read_committed readers see it) exactly once, under the
     * envelope id derived from (channel, seq). The killed instance's produce request may still reach the broker after
     * the thaw, but inside its transaction, which the restarted instance (same transactional.id) aborts before it
     * publishes the unmarked rows again.
     */
    private static void assertEveryCommittedSeqPublishedExactlyOnce(String channel, Map<Long, List<JsonNode>> bySeq,
            long before, long last) {
        List<Long> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> wrongId = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            List<JsonNode> copies = bySeq.getOrDefault(seq, List.of());
            String expectedId = UUID.nameUUIDFromBytes((channel + ":" + seq).getBytes(StandardCharsets.UTF_8))
                    .toString();
            if (copies.isEmpty()) {
                missing.add(seq);
                continue;
            }
            if (copies.size() > 1) {
                duplicated.add(seq + " ×" + copies.size());
            }
            for (JsonNode copy : copies) {
                if (!expectedId.equals(copy.path("id").asText())) {
                    wrongId.add(seq + " " + copy.path("id").asText());
                }
            }
        }
        List<Long> unexpected = bySeq.keySet().stream().filter(seq -> seq < 1 || seq > last).toList();
        System.out.printf("outbox crash: seqs %d..%d committed before the crash; on chat.events more than once: %s%n",
                before + 1, last, duplicated);
        assertTrue(missing.isEmpty() && duplicated.isEmpty() && wrongId.isEmpty() && unexpected.isEmpty(),
                "chat.events for channel " + channel + ": expected seq 1.." + last + " exactly once each; missing "
                        + missing + ", more than once " + duplicated + ", with another envelope id " + wrongId
                        + ", unexpected " + unexpected);
    }

    /**
     * Reads chat.events from the beginning, committed records only (as every service reads it), until the channel's
     * events up to {@code last} are there (or a timeout), plus a few seconds more for late copies; asserts that they
     * arrive in seq order.
     * @return every envelope of the channel by seq, in arrival order
     */
    private Map<Long, List<JsonNode>> awaitOnChatEvents(String channel, long last) {
        Map<Long, List<JsonNode>> bySeq = new TreeMap<>();
        List<Long> arrival = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = chatEventsFromTheBeginning("read_committed")) {
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
        Chat.assertExactlyOnceInOrder("chat.events of channel " + channel + ", in partition order",
                arrival.stream().distinct().toList(), 0, last);
        return bySeq;
    }

    /**
     * How many records keyed by the channel the chat.events log holds, read_uncommitted: beyond the committed ones,
     * what the killed instance's aborted transaction appended (shown, not asserted: it depends on the crash timing).
     */
    private long recordsOnTheLog(String channel) {
        long count = 0;
        try (KafkaConsumer<String, String> consumer = chatEventsFromTheBeginning("read_uncommitted")) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (channel.equals(record.key())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** A consumer of every partition of chat.events, positioned at the beginning. */
    private KafkaConsumer<String, String> chatEventsFromTheBeginning(String isolationLevel) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("chat.events", Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
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
