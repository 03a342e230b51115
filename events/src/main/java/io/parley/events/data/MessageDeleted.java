package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code chat.events} (key channelId), type {@code message.deleted}. */
public record MessageDeleted(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq,
        @JsonProperty(required = true) UUID messageId, UUID deletedBy) {
}
