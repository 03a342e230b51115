package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** The {@code d} of the user event {@code mention}: {@code {channelId, seq, messageId, by}}. */
public record Mention(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq,
        UUID messageId, UUID by) {
}
