package io.parley.gateway.support;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/** Reads what the gateway publishes on a topic, from the end of the topic as it is when the tail starts. */
public final class RecordTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<Envelope> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public RecordTail(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        records.add(EnvelopeJson.read(record.value()));
                    }
                }
            } finally {
                consumer.close();
            }
        }, "record-tail-" + topic);
        thread.start();
    }

    public Envelope await(Predicate<Envelope> match) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> records.stream().filter(match).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    @Override
    public void close() {
        running = false;
    }
}
