package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/**
 * {@code session.commands} (key userId), type {@code user.disconnect}: every gateway closes all of that user's
 * sockets with {@code code} (4003 banned, 4009 revoked).
 */
public record UserDisconnect(@JsonProperty(required = true) UUID userId, int code) {
}
