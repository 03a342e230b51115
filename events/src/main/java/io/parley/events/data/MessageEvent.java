package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code chat.events} (key channelId), types {@code message.created} and {@code message.updated}. */
public record MessageEvent(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq,
        @JsonProperty(required = true) ChatMessage message) {
}
