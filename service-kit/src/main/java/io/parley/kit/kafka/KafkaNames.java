package io.parley.kit.kafka;

import io.parley.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names a service gives Kafka: every topic it produces to, consumes or creates, every consumer group id and
 * every transactional id, under the one prefix of {@code parley.kafka.prefix} (env {@code PARLEY_KAFKA_PREFIX},
 * default empty), so two releases can share one cluster. The SmallRye channels take it in their properties
 * ({@code topic=${parley.kafka.prefix:}chat.events}); every hand-built client asks this bean.
 */
@ApplicationScoped
public class KafkaNames {

    /** Kafka's longest legal topic name. */
    public static final int MAX_TOPIC_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    private final String prefix;

    @Inject
    public KafkaNames(KafkaSettings settings) {
        this(settings.prefix().orElse(""), settings.topics());
    }

    /** @param topics the unprefixed topic names the prefix must fit in front of (besides the table's) */
    public KafkaNames(String prefix, Collection<String> topics) {
        this.prefix = validated(prefix, topics);
    }

    /**
     * The prefix, or an {@link IllegalArgumentException} whose one-line message names the setting and what is wrong:
     * only Kafka's topic characters, and short enough that the prefixed topics stay within Kafka's 249 characters.
     */
    public static String validated(String prefix, Collection<String> topics) {
        String p = prefix == null ? "" : prefix;
        if (!LEGAL.matcher(p).matches()) {
            throw new IllegalArgumentException("PARLEY_KAFKA_PREFIX (parley.kafka.prefix) \"" + p + "\" is not a "
                    + "legal Kafka topic prefix: only ASCII letters, digits, '.', '_' and '-' are allowed");
        }
        String longest = longest(topics);
        if (p.length() + longest.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("PARLEY_KAFKA_PREFIX (parley.kafka.prefix) is " + p.length()
                    + " characters long: with it the topic " + longest + " would exceed Kafka's "
                    + MAX_TOPIC_LENGTH + " characters (at most " + (MAX_TOPIC_LENGTH - longest.length())
                    + " allowed)");
        }
        return p;
    }

    private static String longest(Collection<String> topics) {
        String longest = "";
        for (String name : topics == null ? List.<String>of() : topics) {
            longest = name.length() > longest.length() ? name : longest;
        }
        for (Topics.TopicSpec spec : Topics.ALL) {
            longest = spec.name().length() > longest.length() ? spec.name() : longest;
        }
        return longest;
    }

    /** The prefix itself (empty by default). */
    public String prefix() {
        return prefix;
    }

    /** A topic of the table as this release names it. */
    public String topic(Topics.TopicSpec topic) {
        return prefix + topic.name();
    }

    /** A topic by its unprefixed name (a table topic or one named after it, e.g. a test's). */
    public String topic(String name) {
        return prefix + name;
    }

    /** A consumer group id. */
    public String group(String name) {
        return prefix + name;
    }

    /** A producer's transactional id. */
    public String transactionalId(String name) {
        return prefix + name;
    }

    /** A record's topic as the topic table names it: the prefix taken off (a topic without it stays as it is). */
    public String unprefixed(String topic) {
        return topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
    }
}
