package io.parley.kit.caller;

import java.util.UUID;

/** Who is calling, from a verified access token: the user id, the name in the token and whether they are an admin. */
public record Caller(UUID userId, String username, boolean admin) {
}
