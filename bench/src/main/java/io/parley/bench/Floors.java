package io.parley.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The floors a message's path stands on, measured on the same broker and server right after a run's window: a bare
 * produce → consume hop (acks=all, idempotent producer, one consumer, a scratch topic) and a bare durable commit (a
 * one-row INSERT in autocommit into a scratch table, fsync and synchronous_commit as the devstack runs them). Each
 * is the p50 of {@link #SAMPLES} sequential tries after {@link #WARMUP} untimed ones.
 */
final class Floors {

    static final int WARMUP = 20;
    static final int SAMPLES = 200;
    private static final String TOPIC = "parley.bench.floor";
    private static final String TABLE = "parley_bench_floor";

    private Floors() {
    }

    /** p50 in ms of a produce → consume hop on {@code bootstrap}. */
    static double hopMs(String bootstrap) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin client = Admin.create(admin)) {
            try {
                client.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            try {
                return measureHops(bootstrap);
            } finally {
                client.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static double measureHops(String bootstrap) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        LatencyHistogram hops = new LatencyHistogram();
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer());
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps,
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(30));
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, 0, null, ByteBuffer.allocate(8).putLong(i).array()));
                awaitRecord(consumer, i);
                if (i >= WARMUP) {
                    hops.record((System.nanoTime() - start) / 1_000);
                }
            }
        }
        return hops.percentileMs(50);
    }

    private static void awaitRecord(KafkaConsumer<byte[], byte[]> consumer, long value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (ByteBuffer.wrap(record.value()).getLong() == value) {
                    return;
                }
            }
        }
        throw new IllegalStateException("record " + value + " did not come back from " + TOPIC + " within 30 s");
    }

    /** p50 in ms of a one-row committed INSERT on the PostgreSQL at {@code port} ({@code postgres} database). */
    static double commitMs(int port) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                        + "/postgres?connectTimeout=10&socketTimeout=60&ApplicationName=parley-bench-floor",
                System.getenv().getOrDefault("PARLEY_PG_USER", "postgres"),
                System.getenv().getOrDefault("PARLEY_PG_PASSWORD", "postgres"))) {
            connection.setAutoCommit(true);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                        + " (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
            }
            LatencyHistogram commits = new LatencyHistogram();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " DEFAULT VALUES")) {
                for (int i = 0; i < WARMUP + SAMPLES; i++) {
                    long start = System.nanoTime();
                    insert.executeUpdate();
                    if (i >= WARMUP) {
                        commits.record((System.nanoTime() - start) / 1_000);
                    }
                }
            } finally {
                try (Statement ddl = connection.createStatement()) {
                    ddl.execute("DROP TABLE IF EXISTS " + TABLE);
                }
            }
            return commits.percentileMs(50);
        }
    }

    /** Both floors into {@code out} ({@code floorHopMs}, {@code floorCommitMs}), or a note why one is missing. */
    static void measure(StackProcesses stack, Map<String, Object> out, List<String> notes) {
        if (stack.kafkaSecure()) {
            notes.add("floorHopMs: not measured, secure mode (SASL_SSL; the bench has no login)");
        } else if (stack.kafkaBootstrap().isPresent()
                && stack.members().stream().anyMatch(m -> m.name().equals("kafka"))) {
            try {
                out.put("floorHopMs", hopMs(stack.kafkaBootstrap().get()));
            } catch (Exception e) {
                notes.add("floorHopMs: " + e);
            }
        } else {
            notes.add("floorHopMs: not measured, the devstack broker was not found");
        }
        if (stack.pgPort().isPresent() && !stack.pgSecure()) {
            try {
                out.put("floorCommitMs", commitMs(stack.pgPort().getAsInt()));
            } catch (Exception e) {
                notes.add("floorCommitMs: " + e);
            }
        } else {
            notes.add("floorCommitMs: not measured, " + (stack.pgSecure() ? "secure mode (TLS, per-service roles)"
                    : "the devstack PostgreSQL was not found"));
        }
    }
}
