package io.parley.kit.kafka;

import io.parley.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/** Creates the Kafka topics of {@code parley.kafka.topics} when they are missing, before any message flows. */
@ApplicationScoped
public class KafkaTopicsSetup {

    private final KafkaClients clients;
    private final KafkaSettings settings;

    public KafkaTopicsSetup(KafkaClients clients, KafkaSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<Topics.TopicSpec> topics = settings.topics().stream().map(KafkaTopicsSetup::spec).toList();
        TopicProvisioner.ensure(clients.properties(java.util.Map.of()), settings.replicationFactor(),
                settings.startupTimeout(), topics);
    }

    static Topics.TopicSpec spec(String name) {
        Topics.TopicSpec base = Topics.ALL.stream()
                .filter(t -> name.equals(t.name()) || name.startsWith(t.name() + "."))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("parley.kafka.topics: " + name
                        + " is not a topic of the table, nor named after one (e.g. chat.commands.test)"));
        return new Topics.TopicSpec(name, base.partitions(), base.config());
    }
}
