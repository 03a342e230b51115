package io.parley.gateway.service;

import io.parley.gateway.socket.ClientSocket;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The sockets open on this instance, by connection id, by user and counted by client IP. */
@ApplicationScoped
public class SocketRegistry {

    private final ConcurrentHashMap<String, ClientSocket> byId = new ConcurrentHashMap<>();
    private final FanOutIndex<ClientSocket> byUser = new FanOutIndex<>();
    private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();

    public void register(ClientSocket socket) {
        byId.put(socket.id(), socket);
        byUser.add(socket.userId(), socket);
        perIp.merge(socket.ip(), 1, Integer::sum);
    }

    /** @return false when the socket was not (or no longer) registered */
    public boolean unregister(ClientSocket socket) {
        if (byId.remove(socket.id()) == null) {
            return false;
        }
        byUser.remove(socket.userId(), socket);
        perIp.computeIfPresent(socket.ip(), (ip, n) -> n <= 1 ? null : n - 1);
        return true;
    }

    public ClientSocket byId(String connectionId) {
        return byId.get(connectionId);
    }

    public void forEachOfUser(String userId, Consumer<ClientSocket> action) {
        byUser.forEach(userId, action);
    }

    public int socketsOfUser(String userId) {
        return byUser.receivers(userId).length;
    }

    public int socketsOfIp(String ip) {
        return perIp.getOrDefault(ip, 0);
    }

    public int size() {
        return byId.size();
    }

    public Collection<ClientSocket> all() {
        return byId.values();
    }
}
