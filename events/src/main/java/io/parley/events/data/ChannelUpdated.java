package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code chat.events} (key channelId), type {@code channel.updated}: the channel as it now is. */
public record ChannelUpdated(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long seq,
        ChannelView channel) {
}
