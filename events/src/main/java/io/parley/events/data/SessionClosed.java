package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code session.events} (key userId), type {@code session.closed}.
 *
 * @param closedAt {@code Instant.toString()}
 * @param code     the WebSocket close code; gateways always send it, readers accept its absence
 */
public record SessionClosed(@JsonProperty(required = true) UUID sessionId, @JsonProperty(required = true) UUID userId,
        @JsonProperty(required = true) String instance, String closedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer code) {
}
