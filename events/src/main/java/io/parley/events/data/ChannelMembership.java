package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** The {@code d} of the user events {@code channel.joined} and {@code channel.left}: {@code {channelId, channel}}. */
public record ChannelMembership(@JsonProperty(required = true) UUID channelId, ChannelView channel) {
}
