package io.parley.gateway.fanout;

import io.parley.kit.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A plain Kafka consumer on a thread of its own, polling batches and handing each (empty ones too) over. Used for the gateway's
 * fan-out: records are only read (never committed), and the batch handler must not block. Its settings start from the
 * service's shared Kafka client settings ({@link KafkaClients}: bootstrap servers, security), so it reaches the broker
 * exactly as the SmallRye channels do.
 */
final class KafkaPolling implements Runnable {

    private static final Logger LOG = Logger.getLogger(KafkaPolling.class);

    private final Properties properties;
    private final KafkaConsumer<String, String> consumer;
    private final Consumer<KafkaConsumer<String, String>> onStart;
    private final BiConsumer<KafkaConsumer<String, String>, ConsumerRecords<String, String>> onPoll;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param own this consumer's own settings (group, offsets, ...), over the shared ones */
    KafkaPolling(String name, KafkaClients clients, Map<String, Object> own,
            Consumer<KafkaConsumer<String, String>> onStart,
            BiConsumer<KafkaConsumer<String, String>, ConsumerRecords<String, String>> onPoll) {
        Map<String, Object> settings = new HashMap<>(own);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.properties = clients.properties(settings);
        this.consumer = new KafkaConsumer<>(properties);
        this.onStart = onStart;
        this.onPoll = onPoll;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /** What the consumer was built from (a copy). */
    Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            onStart.accept(consumer);
            while (running) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(500));
                onPoll.accept(consumer, batch);
            }
        } catch (WakeupException e) {
            // stop() woke us up
        } catch (RuntimeException e) {
            LOG.errorf(e, "Kafka consumer %s stopped", thread.getName());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
