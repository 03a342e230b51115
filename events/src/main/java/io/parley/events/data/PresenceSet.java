package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code session.events} (key userId), type {@code presence.set}: a user's choice from one socket.
 *
 * @param status {@code online}, {@code away}, {@code dnd} or {@code invisible}
 * @param text   the presence text; written as {@code null} when there is none
 */
public record PresenceSet(@JsonProperty(required = true) UUID sessionId, @JsonProperty(required = true) UUID userId,
        @JsonProperty(required = true) String status, String text) {
}
