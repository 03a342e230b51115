package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.UUID;

/**
 * The {@code user} of an {@link AuthUser}: the public user view of PROTOCOL §2, with the bot fields of
 * docs/protocol.md ("Bots and integrations").
 *
 * @param createdAt ISO-8601 UTC with milliseconds
 * @param bot       true for a bot account (absent in records written before bots existed: false)
 * @param ownerId   the user who owns the bot; null for a person
 */
public record UserProfile(@JsonProperty(required = true) UUID id, String username, String displayName,
        List<String> roles, String createdAt, boolean bot,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID ownerId) {

    /** A person (not a bot). */
    public UserProfile(UUID id, String username, String displayName, List<String> roles, String createdAt) {
        this(id, username, displayName, roles, createdAt, false, null);
    }
}
