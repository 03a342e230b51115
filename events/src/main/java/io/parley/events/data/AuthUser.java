package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code auth.users} (compacted, key userId), types {@code EventTypes.AuthUsers.*}: the user's whole state, so the
 * latest record per key is the user. A tombstone (null value) forgets the user.
 *
 * @param tokensNotBefore ISO-8601 UTC: every access token of this user issued ({@code iat}) before it is refused by
 *                        every service and the gateway closes the sockets opened with one (a bot's token was rotated,
 *                        revoked, or the bot disabled or deleted, docs/bots.md); absent (null) when no such bound
 *                        exists
 */
public record AuthUser(@JsonProperty(required = true) UserProfile user, boolean banned,
        @JsonInclude(JsonInclude.Include.NON_NULL) String tokensNotBefore) {

    /** No bound on the user's tokens (the record as written before bots existed). */
    public AuthUser(UserProfile user, boolean banned) {
        this(user, banned, null);
    }
}
