package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code session.commands} (key userId), type {@code session.revoke}: the gateway holding it closes the socket 4009;
 * auth-service revokes the refresh-token family {@code familyId} (when present, and only if it is {@code userId}'s).
 *
 * @param familyId the refresh-token family of the session (the access token's {@code sid}); absent for sessions
 *                 opened before it was recorded, omitted from the wire when null
 */
public record SessionRevoke(@JsonProperty(required = true) UUID sessionId, UUID userId,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID familyId) {

    public SessionRevoke(UUID sessionId, UUID userId) {
        this(sessionId, userId, null);
    }
}
