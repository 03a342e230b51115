package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code session.commands} (key userId), type {@code session.revoke}: the gateway holding it closes the socket 4009. */
public record SessionRevoke(@JsonProperty(required = true) UUID sessionId, UUID userId) {
}
