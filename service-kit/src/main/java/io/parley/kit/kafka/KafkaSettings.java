package io.parley.kit.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code parley.kafka.*}: the names' prefix, and the topics a service creates at start-up, and how. */
@ConfigMapping(prefix = "parley.kafka")
public interface KafkaSettings {

    /** Replication of the topics this service creates (1 on a single broker; 3 in production). */
    @WithDefault("1")
    short replicationFactor();

    /** How long start-up waits for Kafka before it stops with an error naming the address. */
    @WithDefault("15s")
    Duration startupTimeout();

    /**
     * The prefix of every topic, consumer group id and transactional id (env {@code PARLEY_KAFKA_PREFIX}, default
     * none), so two releases can share one cluster; see {@link KafkaNames}.
     */
    Optional<String> prefix();

    /**
     * The topics this service produces or consumes, by name. A name of the topic table is created with the table's
     * settings; any other name takes those of the table's topic it extends ({@code chat.commands.test} those of
     * {@code chat.commands}), so tests can use topics of their own. Unprefixed: the prefix is put in front.
     */
    List<String> topics();
}
