package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code chat.events} (key channelId), types {@code reaction.added} and {@code reaction.removed}. */
public record ReactionChanged(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq,
        UUID messageId, String emoji, UUID userId) {
}
