package io.parley.gateway.config;

import io.parley.events.TopicProvisioner;
import io.parley.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/** Creates the Kafka topics this service produces and consumes when they are missing, before any message flows. */
@ApplicationScoped
public class KafkaTopicsSetup {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "parley.kafka.replication-factor")
    short replicationFactor;

    @ConfigProperty(name = "parley.kafka.startup-timeout")
    Duration timeout;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        TopicProvisioner.ensure(bootstrapServers, replicationFactor, timeout, List.of(Topics.CHAT_COMMANDS, Topics.CHAT_EPHEMERAL, Topics.SESSION_EVENTS,
                // consumed: the fan-out consumer subscribes to these and must find them
                Topics.CHAT_EVENTS, Topics.USER_EVENTS, Topics.GATEWAY_REPLIES, Topics.PRESENCE_EVENTS,
                Topics.SESSION_COMMANDS, Topics.AUTH_USERS));
    }
}
