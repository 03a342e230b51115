package io.parley.chat.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Users banned per {@code auth.users}: their still-valid tokens and commands are refused. */
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

    public boolean isBanned(UUID userId) {
        return banned.contains(userId);
    }
}
