package io.parley.chat;

import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.service.CommandProcessor;
import io.parley.chat.service.OutboxRelay;
import io.parley.chat.support.PostgresProxy;
import io.parley.chat.support.PostgresProxyResource;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.chat.support.TestUsers;
import io.parley.devstack.DevstackResource;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.kit.caller.Caller;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.LongStream;

import static io.parley.chat.support.Api.channel;
import static io.parley.chat.support.Api.get;
import static io.parley.chat.support.TestCommands.command;
import static io.parley.chat.support.TestCommands.instance;
import static io.parley.chat.support.TestCommands.ok;
import static io.parley.chat.support.TestCommands.produce;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outages and crashes: the database behind a proxy the test can cut, and the periodic relay off so that only what
 * the test starts publishes the outbox.
 */
@QuarkusTest
@TestProfile(ResilienceTest.Profile.class)
@WithTestResource(DevstackResource.class)
@WithTestResource(PostgresProxyResource.class)
class ResilienceTest {

    /** The periodic relay is off: a committed-but-unpublished event stays so until a relay runs. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "false");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    Pool pool;

    @Inject
    CommandProcessor processor;

    @Inject
    OutboxRelay relay;

    PostgresProxy database;

    @Test
    void aCommandConsumedWhilePostgresIsDownIsProcessedWhenItIsBackAndAcknowledgedOnlyThen() throws Exception {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        String gateway = instance();
        try (var replies = TestKafka.tail("gateway.replies"); Admin admin = admin()) {
            database.cut();
            RecordMetadata record = produce(command(user, "send", id,
                    Map.of("channelId", id, "text", "sent during the outage", "clientMsgId", "outage-1"), gateway, "f"));
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            // the batch is waiting for PostgreSQL: readiness says so, no reply went out, the offset is not committed
            await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'chat commands' }.status", equalTo("DOWN")));
            assertTrue(replies.drained(TestKafka.subject(gateway)).isEmpty());
            assertTrue(committed(admin, partition) <= record.offset(), "offset committed before the work was durable");

            database.restore();
            Envelope reply = replies.await(TestKafka.subject(gateway), 1, WAIT).get(0);
            assertEquals(2, ok(reply).get("seq").asLong());
            await().atMost(WAIT).until(() -> committed(admin, partition) > record.offset());
            await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        } finally {
            database.restore();
        }
        get(user, "/api/channels/" + id + "/messages").body("messages[0].text", equalTo("sent during the outage"));
    }

    @Test
    void everyEventCommittedBeforeACrashIsPublishedOncePerSeqAfterRestart() {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        // the channel's creation (seq 1) is relayed after the REST answer, not before: out before the "crash"
        await().atMost(WAIT).until(() -> unpublished(id) == 0);
        Caller caller = new Caller(user.id(), user.username(), false);
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            commands.add(new Command(UUID.randomUUID().toString(), "send", caller,
                    EnvelopeJson.mapper().valueToTree(Map.of("channelId", id, "text", "before the crash " + i,
                            "clientMsgId", "crash-" + i)), null));
        }
        // the process dies right after the commit: the events are in the outbox, nothing reached Kafka
        List<CommandOutcome> first = processor.commitDurably(commands).await().atMost(WAIT);
        assertEquals(30, unpublished(id));

        try (var events = TestKafka.tail("chat.events")) {
            // after restart: the startup relay and a periodic round race each other
            Uni.join().all(relay.drain(), relay.drain()).andFailFast().await().atMost(WAIT);
            // and Kafka redelivers the uncommitted batch: it changes nothing, and gets the same replies
            List<CommandOutcome> again = processor.commitDurably(commands).call(relay::drain).await().atMost(WAIT);
            assertEquals(replies(first), replies(again));

            List<Envelope> published = events.await(TestKafka.subject(id), 30, WAIT);
            List<Long> seqs = events.drained(TestKafka.subject(id)).stream().map(e -> e.data().get("seq").asLong()).toList();
            assertEquals(LongStream.rangeClosed(2, 31).boxed().toList(), seqs);
            assertEquals("message.created", published.get(0).type());
        }
        assertEquals(0, unpublished(id));
        get(user, "/api/channels/" + id).body("lastSeq", equalTo(31));
    }

    /** Replies as JSON trees: the stored copy comes back from jsonb with its keys in another order. */
    private static List<com.fasterxml.jackson.databind.JsonNode> replies(List<CommandOutcome> outcomes) {
        return outcomes.stream().map(o -> {
            try {
                return EnvelopeJson.mapper().readTree(o.reply().toString());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private long unpublished(String channelId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM channel_events WHERE channel_id = $1 AND NOT published")
                .execute(Tuple.of(UUID.fromString(channelId))).await().atMost(WAIT).iterator().next().getLong("n");
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        return Admin.create(props);
    }

    private static long committed(Admin admin, TopicPartition partition) throws Exception {
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.chat-commands.group.id", String.class);
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata offset = offsets.get(partition);
        return offset == null ? -1 : offset.offset();
    }
}
