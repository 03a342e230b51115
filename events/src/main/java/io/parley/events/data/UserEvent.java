package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.UUID;

/**
 * {@code user.events} (key userId), types {@code EventTypes.UserEvents.*}: an event for every socket of one user.
 *
 * @param userId the receiver
 * @param d      the client's {@code d}: {@link ChannelMembership}, {@link Mention} or {@link ReadUpdated} (read it
 *               with {@code Envelopes.fromData(d, ...)}); kept a tree so the gateway forwards it untouched
 */
public record UserEvent(@JsonProperty(required = true) UUID userId, @JsonProperty(required = true) JsonNode d) {
}
