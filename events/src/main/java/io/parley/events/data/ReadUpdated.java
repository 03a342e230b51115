package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** The {@code d} of the user event {@code read.updated}: {@code {channelId, readSeq, unread}}. */
public record ReadUpdated(@JsonProperty(required = true) UUID channelId, @JsonProperty(required = true) long readSeq,
        long unread) {
}
