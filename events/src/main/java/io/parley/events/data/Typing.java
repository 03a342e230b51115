package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code chat.ephemeral} (key channelId), type {@code typing}: also the client's {@code d}. */
public record Typing(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) UUID userId) {
}
