package io.parley.chat.webhooks;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-webhook token buckets ({@code rate-per-second}, {@code burst}) in this instance's memory: a webhook is bound to
 * one channel, so its posts are cheap to count here and a shared store would cost every post a round trip. Behind N
 * chat-service instances a webhook may post up to N times the rate (docs/webhooks.md). Only webhooks whose secret
 * matched get a bucket, and full buckets (idle webhooks) are dropped every minute: the map stays small.
 */
@ApplicationScoped
public class WebhookRateLimiter {

    private final double ratePerNano;
    private final double burst;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public WebhookRateLimiter(WebhookConfig config) {
        if (config.ratePerSecond() <= 0 || config.burst() < 1) {
            throw new IllegalArgumentException("parley.chat.webhooks.rate-per-second must be > 0 and burst >= 1");
        }
        this.ratePerNano = config.ratePerSecond() / 1e9;
        this.burst = config.burst();
    }

    /** Takes one post's token; @return 0 when taken, else the whole seconds (≥ 1) until a token is there. */
    public long take(UUID webhookId) {
        return buckets.computeIfAbsent(webhookId, id -> new Bucket(burst, System.nanoTime())).take(System.nanoTime());
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dropIdle() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> bucket.full(now));
    }

    int size() {
        return buckets.size();
    }

    private final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            double nanos = (1 - tokens) / ratePerNano;
            return Math.max(1, (long) Math.ceil(nanos / 1e9));
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
            refilledAt = now;
        }
    }
}
