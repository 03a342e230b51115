package io.parley.gateway.service;

import io.parley.gateway.config.GatewayConfig;
import io.parley.gateway.error.CommandRateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/** The per-user token bucket for send, edit and react on this instance (cluster-wide limits are v2). */
@ApplicationScoped
public class CommandRateLimiter {

    private final GatewayConfig.Limits limits;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public CommandRateLimiter(GatewayConfig config) {
        this.limits = config.limits();
    }

    /** @throws CommandRateLimitedException with the wait in {@code retryAfterMs} when the user's bucket is empty */
    public void take(String userId) {
        long now = System.nanoTime();
        long waitMs = buckets.computeIfAbsent(userId, k -> new TokenBucket(limits.commandRate(), limits.commandBurst(), now))
                .tryTake(now);
        if (waitMs > 0) {
            throw new CommandRateLimitedException("too many commands, retry later", waitMs);
        }
    }

    public void forgetIdle() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
    }
}
