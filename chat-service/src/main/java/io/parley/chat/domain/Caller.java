package io.parley.chat.domain;

import java.util.UUID;

/** Who acts: from a verified JWT (REST) or from a command the gateway authenticated. */
public record Caller(UUID userId, String username, boolean admin) {
}
