package io.parley.kit.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.CommonClientConfigs;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The one Kafka client configuration of a service: every {@code kafka.*} setting (env {@code KAFKA_*}) — bootstrap
 * servers, {@code security.protocol}, SASL, trust and key stores — exactly as Quarkus gives it to the SmallRye
 * channels. Every hand-built producer, consumer and admin client starts from {@link #properties}, so none can miss
 * a security setting that the channels have.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> common;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> copy = new HashMap<>(kafkaConfig);
        // Quarkus adds the application name as a default group; a hand-built consumer names its own group
        copy.remove(CommonClientConfigs.GROUP_ID_CONFIG);
        this.common = Map.copyOf(copy);
    }

    /** The shared settings plus a client's own (which win), as a fresh object the caller may change. */
    public Properties properties(Map<String, ?> own) {
        Properties props = new Properties();
        props.putAll(common);
        props.putAll(own);
        return props;
    }

    public String bootstrapServers() {
        return String.valueOf(common.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }
}
