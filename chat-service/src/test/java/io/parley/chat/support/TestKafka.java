package io.parley.chat.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/** Real Kafka from the test's side: produce records, and tail a topic from its current end. */
public final class TestKafka {

    private static KafkaProducer<String, String> producer;

    private TestKafka() {
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    public static RecordMetadata send(String topic, Envelope envelope) {
        try {
            return producer().send(new ProducerRecord<>(topic, envelope.subject(), EnvelopeJson.write(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Starts reading every partition of {@code topic} from its end as of now: committed records, as services read. */
    public static Tail tail(String topic) {
        return new Tail(topic, "read_committed");
    }

    /** Like {@link #tail}, but also seeing the records of open and aborted transactions: what is on the log. */
    public static Tail tailIncludingUncommitted(String topic) {
        return new Tail(topic, "read_uncommitted");
    }

    /** The envelopes that arrived on a topic since the tail was opened. */
    public static final class Tail implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<Envelope> received = new CopyOnWriteArrayList<>();

        Tail(String topic, String isolationLevel) {
            Properties props = new Properties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: resolve the positions now, so nothing produced from here on is missed
            partitions.forEach(consumer::position);
        }

        /** Polls until {@code count} envelopes match, and returns those (in arrival order per partition). */
        public List<Envelope> await(Predicate<Envelope> filter, int count, Duration atMost) {
            List<Envelope>[] matched = new List[1];
            org.awaitility.Awaitility.await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                poll();
                matched[0] = received.stream().filter(filter).toList();
                return matched[0].size() >= count;
            });
            return matched[0];
        }

        /** Everything matching received so far, after one more poll. */
        public List<Envelope> drained(Predicate<Envelope> filter) {
            poll();
            return received.stream().filter(filter).toList();
        }

        private void poll() {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                try {
                    received.add(EnvelopeJson.read(record.value()));
                } catch (IllegalArgumentException ignored) {
                    // other modules' tests share this broker; what is not an envelope is not ours
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Filter helpers over envelope data. */
    public static Predicate<Envelope> subject(Object subject) {
        return e -> subject.toString().equals(e.subject());
    }

    public static String text(Envelope e, String field) {
        JsonNode node = e.data().path(field);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
