package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/**
 * {@code call.events} (key channelId), types {@code EventTypes.CallEvents.*}: who gets it, and the client's {@code d}.
 * With neither {@code toSessionId} nor {@code toUserIds}, every socket subscribed to the channel gets it.
 *
 * @param toSessionId {@code call.signal}: the one socket it goes to
 * @param toUserIds   {@code call.ringing}: every socket of these users, subscribed or not
 * @param d           the client's {@code d}, forwarded untouched
 */
public record CallEvent(@JsonProperty(required = true) UUID channelId,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID toSessionId,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<UUID> toUserIds,
        @JsonProperty(required = true) JsonNode d) {
}
