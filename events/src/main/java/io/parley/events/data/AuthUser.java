package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code auth.users} (compacted, key userId), types {@code EventTypes.AuthUsers.*}: the user's whole state, so the
 * latest record per key is the user. A tombstone (null value) forgets the user.
 */
public record AuthUser(@JsonProperty(required = true) UserProfile user, boolean banned) {
}
