package io.parley.auth.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.kit.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Reads a real topic (auth.users, session.commands) from the moment it is opened (earlier records, from other tests and runs, are
 * skipped), so a test sees exactly what its own actions published.
 */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    /** @param clients the service's own Kafka client settings, so the test reads the broker the service writes to */
    public TopicTail(KafkaClients clients, String topic) {
        consumer = new KafkaConsumer<>(clients.properties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes the start now, before the test acts
    }

    /** Waits for the record of {@code type} keyed by the user; returns its envelope. */
    public Envelope awaitRecord(String userId, String type) {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(userId, type) != null);
        return find(userId, type);
    }

    /** Every record keyed by the user seen so far, in order. */
    public List<Envelope> recordsOf(String userId) {
        return seen.stream().filter(r -> userId.equals(r.key())).map(r -> EnvelopeJson.read(r.value())).toList();
    }

    private Envelope find(String userId, String type) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return recordsOf(userId).stream().filter(e -> type.equals(e.type())).findFirst().orElse(null);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
