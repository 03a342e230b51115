package io.parley.chat.config;

import io.parley.events.TopicProvisioner;
import io.parley.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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

    /** chat.commands by default; tests read a topic of their own so no other module's test commands reach them. */
    @ConfigProperty(name = "mp.messaging.incoming.chat-commands.topic")
    String commandsTopic;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        Topics.TopicSpec commands = new Topics.TopicSpec(commandsTopic, Topics.CHAT_COMMANDS.partitions(),
                Topics.CHAT_COMMANDS.config());
        TopicProvisioner.ensure(bootstrapServers, replicationFactor, timeout, List.of(commands, Topics.CHAT_EVENTS,
                Topics.USER_EVENTS, Topics.GATEWAY_REPLIES, Topics.AUTH_USERS, Topics.MEDIA_EVENTS));
    }
}
