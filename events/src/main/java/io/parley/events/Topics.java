package io.parley.events;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of ARCHITECTURE.md: names, partitions and retention, in one place. The names are unprefixed: a
 * release with {@code PARLEY_KAFKA_PREFIX} puts its prefix in front (service-kit's {@code KafkaNames}).
 */
public final class Topics {

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    public static final TopicSpec CHAT_COMMANDS = TopicSpec.delete("chat.commands", 12, DAY_MS);
    public static final TopicSpec CHAT_EVENTS = TopicSpec.delete("chat.events", 12, 7 * DAY_MS);
    public static final TopicSpec USER_EVENTS = TopicSpec.delete("user.events", 6, DAY_MS);
    public static final TopicSpec CHAT_EPHEMERAL = TopicSpec.delete("chat.ephemeral", 6, HOUR_MS);
    public static final TopicSpec GATEWAY_REPLIES = TopicSpec.delete("gateway.replies", 6, HOUR_MS);
    public static final TopicSpec AUTH_USERS = TopicSpec.compact("auth.users", 6);
    public static final TopicSpec SESSION_EVENTS = TopicSpec.delete("session.events", 6, DAY_MS);
    public static final TopicSpec SESSION_COMMANDS = TopicSpec.delete("session.commands", 6, HOUR_MS);
    public static final TopicSpec PRESENCE_EVENTS = TopicSpec.delete("presence.events", 6, HOUR_MS);
    public static final TopicSpec MEDIA_EVENTS = TopicSpec.compact("media.events", 6);
    public static final TopicSpec CALL_EVENTS = TopicSpec.delete("call.events", 6, HOUR_MS);

    public static final List<TopicSpec> ALL = List.of(CHAT_COMMANDS, CHAT_EVENTS, USER_EVENTS, CHAT_EPHEMERAL,
            GATEWAY_REPLIES, AUTH_USERS, SESSION_EVENTS, SESSION_COMMANDS, PRESENCE_EVENTS, MEDIA_EVENTS,
            CALL_EVENTS);

    private Topics() {
    }

    /** One topic's name, partition count and topic-level configuration. */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {

        static TopicSpec delete(String name, int partitions, long retentionMs) {
            return new TopicSpec(name, partitions,
                    Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retentionMs)));
        }

        static TopicSpec compact(String name, int partitions) {
            return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
        }
    }
}
