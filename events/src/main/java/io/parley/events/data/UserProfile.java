package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.UUID;

/**
 * The {@code user} of an {@link AuthUser}: the public user view of PROTOCOL §2.
 *
 * @param createdAt ISO-8601 UTC with milliseconds
 */
public record UserProfile(@JsonProperty(required = true) UUID id, String username, String displayName,
        List<String> roles, String createdAt) {
}
