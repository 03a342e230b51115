package io.parley.gateway.support;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Produces records on the real broker the way Parley's other services do (envelope JSON, key = subject). */
public final class TestKafka {

    private static KafkaProducer<String, String> producer;

    private TestKafka() {
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getOptionalValue("kafka.bootstrap.servers", String.class).orElse("127.0.0.1:9092");
    }

    public static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Sends and waits for the broker's ack. */
    public static void publish(String topic, String source, String type, String subject, JsonNode data) {
        Envelope envelope = Envelope.of(type, source, subject, data);
        try {
            producer().send(new ProducerRecord<>(topic, subject, EnvelopeJson.write(envelope))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }
}
