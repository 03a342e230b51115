package io.parley.gateway.service;

import io.parley.gateway.socket.ClientSocket;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Consumer;

/** Watched user → the local sockets watching them; a socket's latest presence.watch replaces its previous set. */
@ApplicationScoped
public class PresenceWatchers {

    private final FanOutIndex<ClientSocket> watchers = new FanOutIndex<>();

    public void watch(ClientSocket socket, List<String> userIds) {
        synchronized (socket) {
            for (String old : socket.watchedUsers()) {
                watchers.remove(old, socket);
            }
            for (String userId : userIds) {
                watchers.add(userId, socket);
            }
            socket.watchedUsers(List.copyOf(userIds));
        }
    }

    public void forget(ClientSocket socket) {
        watch(socket, List.of());
    }

    public void forEachWatcher(String userId, Consumer<ClientSocket> action) {
        watchers.forEach(userId, action);
    }
}
