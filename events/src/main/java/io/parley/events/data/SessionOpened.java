package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code session.events} (key userId), type {@code session.opened}.
 *
 * @param sessionId   the gateway's connection id (the {@code sessionId} of {@code hello})
 * @param instance    the gateway instance holding the socket
 * @param userAgent   may be null
 * @param ip          may be null
 * @param connectedAt {@code Instant.toString()}; session-service falls back to the envelope time without it
 * @param familyId    the refresh-token family of the socket's access token (its {@code sid} claim); omitted from the
 *                    wire when null (tokens minted before the claim existed)
 */
public record SessionOpened(@JsonProperty(required = true) UUID sessionId, @JsonProperty(required = true) UUID userId,
        @JsonProperty(required = true) String instance, String userAgent, String ip, String connectedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID familyId) {

    public SessionOpened(UUID sessionId, UUID userId, String instance, String userAgent, String ip,
            String connectedAt) {
        this(sessionId, userId, instance, userAgent, ip, connectedAt, null);
    }
}
