package io.parley.gateway.service;

import io.parley.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/** The bounds checked at the upgrade: handshakes per second and concurrent sockets per client IP, sockets per user. */
@ApplicationScoped
public class ConnectionLimits {

    private final GatewayConfig.Limits limits;
    private final SocketRegistry registry;
    private final ConcurrentHashMap<String, TokenBucket> handshakeBuckets = new ConcurrentHashMap<>();

    public ConnectionLimits(GatewayConfig config, SocketRegistry registry) {
        this.limits = config.limits();
        this.registry = registry;
    }

    /** @return 0 when this IP may open a socket now, else milliseconds to wait */
    public long admitIp(String ip) {
        if (registry.socketsOfIp(ip) >= limits.socketsPerIp()) {
            return 1000;
        }
        long now = System.nanoTime();
        return handshakeBuckets
                .computeIfAbsent(ip, k -> new TokenBucket(limits.handshakesPerIpPerSecond(), limits.handshakeBurstPerIp(), now))
                .tryTake(now);
    }

    public boolean userAtCapacity(String userId) {
        return registry.socketsOfUser(userId) >= limits.socketsPerUser();
    }

    /** Forgets buckets that refilled completely, so the map only holds IPs that handshook recently. */
    public void forgetIdle() {
        long now = System.nanoTime();
        handshakeBuckets.entrySet().removeIf(e -> e.getValue().isFull(now));
    }
}
