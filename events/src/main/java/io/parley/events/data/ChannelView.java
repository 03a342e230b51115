package io.parley.events.data;

import java.util.UUID;

/**
 * The channel object of PROTOCOL §2, as {@code channel.updated}, {@code channel.joined} and {@code channel.left} carry
 * it.
 *
 * @param type       {@code channel} or {@code dm}
 * @param topic      written as {@code null} when there is none
 * @param visibility {@code public} or {@code private}
 * @param createdAt  ISO-8601 UTC with milliseconds
 */
public record ChannelView(UUID id, String type, String name, String topic, String visibility, String createdAt,
        long lastSeq, long memberCount) {
}
