package io.parley.chat;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.chat.domain.Command;
import io.parley.chat.messaging.RelayProducer;
import io.parley.chat.service.CommandProcessor;
import io.parley.chat.service.OutboxRelay;
import io.parley.chat.support.PrivateDatabaseResource;
import io.parley.chat.support.TestKafka;
import io.parley.chat.support.TestUsers.TestUser;
import io.parley.chat.support.TestUsers;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.kit.caller.Caller;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static io.parley.chat.support.Api.channel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox relay publishes each round in a Kafka transaction under this instance's transactional.id. A
 * predecessor that died mid-round (here a "zombie" producer under the same id, its copies appended but not committed)
 * is fenced and its transaction aborted when the relay starts its producer again: read_committed readers see every
 * seq once. The periodic relay is off and the database the test's own, so only what the test starts publishes.
 */
@QuarkusTest
@TestProfile(ResilienceTest.Profile.class)
@WithTestResource(PrivateDatabaseResource.class)
class RelayTransactionsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int SENT = 5;
    /** The channel's seq 1 is its creation, 2 the warm-up message. */
    private static final long FIRST = 3;

    @Inject
    Pool pool;

    @Inject
    CommandProcessor processor;

    @Inject
    OutboxRelay relay;

    @Inject
    RelayProducer relayProducer;

    @Inject
    MeterRegistry registry;

    @Test
    void aRoundOfAFencedProducerPublishesNothingAndTheNextAbortsTheZombiesCopiesAndPublishesEachSeqOnce()
            throws Exception {
        TestUser user = TestUsers.create(pool);
        String id = channel(user, "private");
        // a round with something to publish: the relay's producer is live (and holds its transactional.id's epoch)
        processor.commitDurably(sends(user, id, "warm-up", 1)).await().atMost(WAIT);
        relay.drain().await().atMost(WAIT);
        assertEquals(0, unpublished(id));
        processor.commitDurably(sends(user, id, "relayed", SENT)).await().atMost(WAIT);
        Predicate<Envelope> messages = e -> id.equals(e.subject()) && "message.created".equals(e.type());
        double abortedBefore = abortedTransactions();

        try (var committed = TestKafka.tail("chat.events");
                var onTheLog = TestKafka.tailIncludingUncommitted("chat.events");
                KafkaProducer<String, String> zombie = producerUnder(relayProducer.transactionalId())) {
            // the zombie takes the id over (fencing the relay's producer) and appends a copy of each seq, uncommitted
            zombie.initTransactions();
            zombie.beginTransaction();
            for (long seq = FIRST; seq < FIRST + SENT; seq++) {
                zombie.send(new ProducerRecord<>("chat.events", id, EnvelopeJson.write(copy(id, seq)))).get();
            }

            assertThrows(RuntimeException.class, () -> relay.drain().await().atMost(WAIT), "a fenced round fails");
            assertEquals(SENT, unpublished(id), "a failed round marks nothing published");
            assertTrue(abortedTransactions() > abortedBefore, "the failed round counts as an aborted transaction");

            relay.drain().await().atMost(WAIT);
            assertEquals(0, unpublished(id));
            assertThrows(KafkaException.class, zombie::commitTransaction, "the relay fenced the zombie in turn");

            List<Envelope> seen = committed.await(messages, SENT, WAIT);
            assertEquals(seqs(FIRST, FIRST + SENT - 1), seen.stream().map(e -> e.data().get("seq").asLong()).toList());
            for (Envelope e : seen) {
                assertEquals(eventId(id, e.data().get("seq").asLong()), e.id());
                assertTrue(e.source().startsWith("chat-service/"), "the relay's copy, not the zombie's: " + e.source());
            }
            // the zombie's copies are on the log, in its aborted transaction
            List<Envelope> logged = onTheLog.await(messages, 2 * SENT, WAIT);
            assertEquals(SENT, logged.stream().filter(e -> "zombie".equals(e.source())).count());
            assertEquals(SENT, committed.drained(messages).size(), "read_committed never sees an aborted copy");
        }
    }

    private static List<Command> sends(TestUser user, String channelId, String text, int count) {
        Caller caller = new Caller(user.id(), user.username(), false);
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(new Command(UUID.randomUUID().toString(), "send", caller,
                    EnvelopeJson.mapper().valueToTree(Map.of("channelId", channelId, "text", text + " " + i,
                            "clientMsgId", text + "-" + i)), null));
        }
        return commands;
    }

    /** What a relay that died mid-round had sent: the same envelope id for the same (channel, seq). */
    private static Envelope copy(String channelId, long seq) {
        return new Envelope(eventId(channelId, seq), "message.created", "zombie", Instant.now(), channelId,
                EnvelopeJson.mapper().valueToTree(Map.of("channelId", channelId, "seq", seq)));
    }

    private static String eventId(String channelId, long seq) {
        return UUID.nameUUIDFromBytes((channelId + ":" + seq).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static KafkaProducer<String, String> producerUnder(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private double abortedTransactions() {
        return registry.get("parley.chat.outbox.transactions").tag("outcome", "aborted").timer().count();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private long unpublished(String channelId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM channel_events WHERE channel_id = $1 AND NOT published")
                .execute(Tuple.of(UUID.fromString(channelId))).await().atMost(WAIT).iterator().next().getLong("n");
    }
}
