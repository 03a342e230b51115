package io.parley.auth.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account as stored: the password hash stays in the repository layer and never travels in this record. */
public record User(UUID id, String username, String displayName, List<String> roles, boolean banned,
        Instant createdAt, Instant updatedAt) {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    public boolean isAdmin() {
        return roles.contains(ROLE_ADMIN);
    }
}
