package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code presence.events} (key userId), type {@code presence.updated}: also the client's {@code d}, as others see the
 * user ({@code invisible} shown as {@code offline}).
 *
 * @param text       written as {@code null} when there is none
 * @param lastSeenAt ISO-8601 UTC with milliseconds, may be null
 */
public record PresenceUpdated(@JsonProperty(required = true) UUID userId, String status, String text,
        String lastSeenAt) {
}
