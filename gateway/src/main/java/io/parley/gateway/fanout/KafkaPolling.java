package io.parley.gateway.fanout;

import io.parley.kit.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A plain Kafka consumer on a thread of its own, polling batches and handing each (empty ones too) over. Used for the gateway's
 * fan-out: records are only read (never committed), and the batch handler must not block. Its settings start from the
 * service's shared Kafka client settings ({@link KafkaClients}: bootstrap servers, security), so it reaches the broker
 * exactly as the SmallRye channels do.
 * <p>
 * A failure that escapes the loop (the start-up's metadata wait, a poll, a handler) does not end it: the consumer is
 * closed, and after a backoff (doubling up to a maximum) a new one starts over with {@code onStart}; a subscribing
 * owner can {@link #resumeWhereStopped} so the records that arrived meanwhile are not skipped. While it is down the
 * instance is not ready ({@link #down()}, read by the health checks).
 */
final class KafkaPolling implements Runnable {

    private static final Logger LOG = Logger.getLogger(KafkaPolling.class);
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Every started, not yet stopped, instance: the health checks read them. */
    private static final Set<KafkaPolling> STARTED = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Properties properties;
    private final Consumer<KafkaConsumer<String, String>> onStart;
    private final BiConsumer<KafkaConsumer<String, String>, ConsumerRecords<String, String>> onPoll;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Thread thread;
    private final Map<TopicPartition, Long> stoppedAt = new ConcurrentHashMap<>();
    private final AtomicLong restarts = new AtomicLong();
    private final Object pauseLock = new Object();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Instant downSince;
    private volatile String lastFailure;
    private volatile boolean running = true;

    /** @param own this consumer's own settings (group, offsets, ...), over the shared ones */
    KafkaPolling(String name, KafkaClients clients, Map<String, Object> own,
            Consumer<KafkaConsumer<String, String>> onStart,
            BiConsumer<KafkaConsumer<String, String>, ConsumerRecords<String, String>> onPoll) {
        this(name, clients, own, onStart, onPoll, MIN_BACKOFF, MAX_BACKOFF);
    }

    KafkaPolling(String name, KafkaClients clients, Map<String, Object> own,
            Consumer<KafkaConsumer<String, String>> onStart,
            BiConsumer<KafkaConsumer<String, String>, ConsumerRecords<String, String>> onPoll,
            Duration minBackoff, Duration maxBackoff) {
        Map<String, Object> settings = new HashMap<>(own);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.name = name;
        this.properties = clients.properties(settings);
        this.onStart = onStart;
        this.onPoll = onPoll;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.consumer = new KafkaConsumer<>(properties);
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
        STARTED.add(this);
        thread.start();
    }

    /** The started consumers that are down now (waiting to restart), as name → since when and why. */
    static Map<String, String> down() {
        Map<String, String> down = new HashMap<>();
        for (KafkaPolling polling : STARTED) {
            Instant since = polling.downSince;
            if (since != null) {
                down.put(polling.name, "down since " + since + ": " + polling.lastFailure);
            }
        }
        return down;
    }

    /** The started consumers down for longer than {@code limit}: restarting them in this process does not help. */
    static List<String> downLongerThan(Duration limit) {
        Instant before = Instant.now().minus(limit);
        return STARTED.stream().filter(p -> p.downSince != null && p.downSince.isBefore(before)).map(p -> p.name)
                .toList();
    }

    /** How many times this consumer was started over after a failure. */
    long restarts() {
        return restarts.get();
    }

    boolean isDown() {
        return downSince != null;
    }

    /**
     * For a subscribing owner's rebalance listener: moves the newly assigned partitions that the failed consumer had
     * read to where it stopped, so a restart skips nothing that arrived while it was down.
     */
    void resumeWhereStopped(KafkaConsumer<String, String> current, Collection<TopicPartition> assigned) {
        for (TopicPartition partition : assigned) {
            Long position = stoppedAt.remove(partition);
            if (position != null) {
                current.seek(partition, position);
            }
        }
    }

    @Override
    public void run() {
        long backoffMs = minBackoff.toMillis();
        KafkaConsumer<String, String> current = consumer;
        while (true) {
            try {
                onStart.accept(current);
                while (running) {
                    ConsumerRecords<String, String> batch = current.poll(Duration.ofMillis(500));
                    onPoll.accept(current, batch);
                    if (downSince != null) {
                        LOG.infof("Kafka consumer %s is polling again", name);
                        downSince = null;
                    }
                    backoffMs = minBackoff.toMillis();
                }
            } catch (WakeupException e) {
                // stop() woke us up
            } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
                if (running) {
                    failed(current, e, backoffMs);
                }
            } finally {
                closeQuietly(current);
            }
            if (!running || !pause(backoffMs)) {
                return;
            }
            backoffMs = Math.min(backoffMs * 2, maxBackoff.toMillis());
            try {
                current = new KafkaConsumer<>(properties);
                consumer = current;
                restarts.incrementAndGet();
            } catch (RuntimeException e) {
                // the closed one fails again at once, and the next round tries anew
                LOG.errorf(e, "Kafka consumer %s could not be created again", name);
            }
        }
    }

    private void failed(KafkaConsumer<String, String> current, Throwable e, long backoffMs) {
        if (downSince == null) {
            downSince = Instant.now();
        }
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.errorf(e, "Kafka consumer %s failed; starting it over in %d ms", name, backoffMs);
        try {
            for (TopicPartition partition : current.assignment()) {
                stoppedAt.put(partition, current.position(partition, Duration.ofSeconds(1)));
            }
        } catch (RuntimeException unknown) {
            // the positions stay those of an earlier failure, or none: the restart starts from its reset policy
        }
    }

    /** @return false when stop() ended the pause */
    private boolean pause(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        synchronized (pauseLock) {
            try {
                while (running) {
                    long left = (end - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return true;
                    }
                    pauseLock.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void closeQuietly(KafkaConsumer<String, String> current) {
        try {
            current.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("closing Kafka consumer %s: %s", name, e.getMessage());
        }
    }

    void stop() {
        running = false;
        STARTED.remove(this);
        consumer.wakeup();
        synchronized (pauseLock) {
            pauseLock.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
