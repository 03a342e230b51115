package io.parley.kit.kafka;

import io.parley.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * Creates the Kafka topics of {@code parley.kafka.topics} (under the prefix of {@link KafkaNames}) when they are
 * missing, before any message flows.
 */
@ApplicationScoped
public class KafkaTopicsSetup {

    private final KafkaClients clients;
    private final KafkaSettings settings;
    private final KafkaNames names;

    public KafkaTopicsSetup(KafkaClients clients, KafkaSettings settings, KafkaNames names) {
        this.clients = clients;
        this.settings = settings;
        this.names = names;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        // checks the prefix before any client uses it: a bad one stops start-up with one line saying what is wrong
        KafkaNames.validated(settings.prefix().orElse(""), settings.topics());
        List<Topics.TopicSpec> topics = settings.topics().stream().map(KafkaTopicsSetup::spec)
                .map(t -> new Topics.TopicSpec(names.topic(t), t.partitions(), t.config())).toList();
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
