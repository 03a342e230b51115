package io.parley.gateway.service;

import io.parley.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/** Lets one typing notice per user and channel through per interval; the rest are dropped silently. */
@ApplicationScoped
public class TypingThrottle {

    private final long intervalMs;
    private final ConcurrentHashMap<String, Long> lastSent = new ConcurrentHashMap<>();

    public TypingThrottle(GatewayConfig config) {
        this.intervalMs = config.typingInterval().toMillis();
    }

    public boolean admit(String userId, String channelId) {
        long now = System.currentTimeMillis();
        boolean[] admitted = {false};
        lastSent.compute(userId + ':' + channelId, (k, last) -> {
            if (last == null || now - last >= intervalMs) {
                admitted[0] = true;
                return now;
            }
            return last;
        });
        return admitted[0];
    }

    public void forgetExpired() {
        long now = System.currentTimeMillis();
        lastSent.values().removeIf(last -> now - last >= intervalMs);
    }
}
