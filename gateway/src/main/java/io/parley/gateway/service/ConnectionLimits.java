package io.parley.gateway.service;

import io.parley.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounds per client IP and per user checked before work starts: at the upgrade, handshakes per second and
 * concurrent sockets per client IP and sockets per user; on {@code /api}, registrations per client IP.
 */
@ApplicationScoped
public class ConnectionLimits {

    private final GatewayConfig.Limits limits;
    private final SocketRegistry registry;
    private final ConcurrentHashMap<String, TokenBucket> handshakeBuckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> registrationBuckets = new ConcurrentHashMap<>();

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

    /** @return 0 when this IP may register an account now, else milliseconds to wait */
    public long admitRegistration(String ip) {
        long now = System.nanoTime();
        return registrationBuckets
                .computeIfAbsent(ip, k -> new TokenBucket(limits.registerPerIpPerMinute() / 60, limits.registerBurstPerIp(), now))
                .tryTake(now);
    }

    public boolean userAtCapacity(String userId) {
        return registry.socketsOfUser(userId) >= limits.socketsPerUser();
    }

    /** Forgets buckets that refilled completely, so the maps only hold IPs that handshook or registered recently. */
    public void forgetIdle() {
        long now = System.nanoTime();
        handshakeBuckets.entrySet().removeIf(e -> e.getValue().isFull(now));
        registrationBuckets.entrySet().removeIf(e -> e.getValue().isFull(now));
    }
}
