package io.parley.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The users banned right now, projected from the compacted auth.users topic. */
@ApplicationScoped
public class BannedUsers {

    private final Set<String> banned = ConcurrentHashMap.newKeySet();

    public boolean isBanned(String userId) {
        return banned.contains(userId);
    }

    public void ban(String userId) {
        banned.add(userId);
    }

    public void unban(String userId) {
        banned.remove(userId);
    }
}
