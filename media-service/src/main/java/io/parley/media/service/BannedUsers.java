package io.parley.media.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Users banned on {@code auth.users}: their still-valid tokens are refused with 403. */
@ApplicationScoped
public class BannedUsers {

    private final Set<UUID> banned = ConcurrentHashMap.newKeySet();

    public void record(UUID userId, boolean isBanned) {
        if (isBanned) {
            banned.add(userId);
        } else {
            banned.remove(userId);
        }
    }

    public boolean contains(UUID userId) {
        return banned.contains(userId);
    }
}
