package io.parley.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Plays a gateway instance in tests: produces its records on the real session.events topic. */
final class TestGateway implements AutoCloseable {

    private static final String TOPIC = "session.events";

    final String instance = "test-gw-" + UUID.randomUUID();
    private final KafkaProducer<String, String> producer;
    private List<Future<RecordMetadata>> burst;

    TestGateway() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    UUID open(UUID userId) {
        UUID sessionId = UUID.randomUUID();
        open(sessionId, userId, Instant.now());
        return sessionId;
    }

    void open(UUID sessionId, UUID userId, Instant at) {
        open(sessionId, userId, at, null);
    }

    /** @param familyId the access token's refresh-token family (sid), as a gateway reports it; null leaves it out */
    void open(UUID sessionId, UUID userId, Instant at, UUID familyId) {
        ObjectNode data = data()
                .put("sessionId", sessionId.toString()).put("userId", userId.toString()).put("instance", instance)
                .put("userAgent", "parley-test/1.0").put("ip", "203.0.113.7").put("connectedAt", at.toString());
        if (familyId != null) {
            data.put("familyId", familyId.toString());
        }
        send("session.opened", userId.toString(), data);
    }

    void close(UUID sessionId, UUID userId) {
        close(sessionId, userId, Instant.now());
    }

    void close(UUID sessionId, UUID userId, Instant at) {
        send("session.closed", userId.toString(), data()
                .put("sessionId", sessionId.toString()).put("userId", userId.toString()).put("instance", instance)
                .put("closedAt", at.toString()).put("code", 1000));
    }

    void setPresence(UUID sessionId, UUID userId, String status, String text) {
        send("presence.set", userId.toString(), data()
                .put("sessionId", sessionId.toString()).put("userId", userId.toString())
                .put("status", status).put("text", text));
    }

    void heartbeat(long intervalMs) {
        send("instance.heartbeat", instance, data().put("instance", instance).put("intervalMs", intervalMs));
    }

    void stopped() {
        send("instance.stopped", instance, data().put("instance", instance));
    }

    /**
     * A client's call op as the gateway forwards it ({@code type} {@code call.op.*}), with this double as the reply
     * address's instance; {@code signal} only for {@code call.op.signal}.
     */
    void callOp(String type, UUID userId, UUID sessionId, UUID channelId, ObjectNode signal, String frameId) {
        ObjectNode data = data().put("userId", userId.toString()).put("sessionId", sessionId.toString())
                .put("instance", instance).put("channelId", channelId.toString());
        if (signal != null) {
            data.set("signal", signal);
        }
        data.putObject("reply").put("instance", instance).put("connectionId", sessionId.toString())
                .put("frameId", frameId);
        send(type, userId.toString(), data);
    }

    /**
     * Produces what {@code records} sends without waiting for each acknowledgement, as a gateway under load does, so
     * that they reach the service together (in one poll); returns once all are acknowledged.
     */
    void burst(Runnable records) {
        burst = new ArrayList<>();
        try {
            records.run();
            producer.flush();
            for (Future<RecordMetadata> sent : burst) {
                acknowledged(sent);
            }
        } finally {
            burst = null;
        }
    }

    /** Sends a raw value, for records that are not envelopes at all. */
    void sendRaw(String key, String value) {
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(TOPIC, key, value));
        if (burst != null) {
            burst.add(sent);
        } else {
            acknowledged(sent);
        }
    }

    private static void acknowledged(Future<RecordMetadata> sent) {
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("record not produced", e);
        }
    }

    private void send(String type, String key, ObjectNode data) {
        sendRaw(key, EnvelopeJson.write(Envelope.of(type, "gateway/" + instance, key, data)));
    }

    private static ObjectNode data() {
        return EnvelopeJson.mapper().createObjectNode();
    }

    @Override
    public void close() {
        producer.close();
    }
}
