package io.parley.session;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads a real topic from its current end on a thread of its own and keeps every envelope, so tests can await
 * what session-service published. No consumer group: nothing is committed, nobody else's offsets move.
 */
final class TopicTap implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<Envelope> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    TopicTap(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the end offsets now, so everything published after construction is seen
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "tap-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        seen.add(EnvelopeJson.read(r.value()));
                    } catch (IllegalArgumentException e) {
                        // someone else's malformed record: not ours to judge here
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Envelopes of {@code type} about {@code subject} (the record key: a user id here). */
    List<Envelope> of(String type, String subject) {
        return seen.stream().filter(e -> type.equals(e.type()) && subject.equals(e.subject())).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
