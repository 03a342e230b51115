package io.parley.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.kit.kafka.KafkaClients;
import io.quarkus.arc.Arc;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Real Kafka records for tests: what chat-service and auth-service would publish, and what we published. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /** Publishes one envelope and waits for the broker's acknowledgement. */
    public static void publish(String topic, String key, String type, JsonNode data) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())))) {
            String value = EnvelopeJson.write(Envelopes.create(type, "media-service-test", key, data));
            producer.send(new ProducerRecord<>(topic, key, value)).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish a test record to " + topic, e);
        }
    }

    /** Every envelope on {@code topic} with this key, read from the beginning until {@code expected} are seen. */
    public static List<Envelope> readByKey(String topic, String key, int expected, Duration within) {
        List<Envelope> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clientProperties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())))) {
            // assigned, not subscribed: no group to join, so reading starts at once
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
            consumer.seekToBeginning(consumer.assignment());
            long deadline = System.nanoTime() + within.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    if (key.equals(record.key()) && record.value() != null) {
                        found.add(EnvelopeJson.read(record.value()));
                    }
                }
            }
        }
        return found;
    }

    // the service's own Kafka client settings (bootstrap servers, and security when the test stack has it)
    private static Properties clientProperties(Map<String, ?> own) {
        return Arc.container().instance(KafkaClients.class).get().properties(own);
    }
}
