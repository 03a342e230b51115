package io.parley.session.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The users banned right now, as the latest auth.users record of each says; read on every request. */
@ApplicationScoped
public class BannedUsers {

    private final Set<UUID> banned = ConcurrentHashMap.newKeySet();

    public void update(UUID userId, boolean isBanned) {
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
