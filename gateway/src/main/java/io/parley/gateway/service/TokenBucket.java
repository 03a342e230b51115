package io.parley.gateway.service;

/** A token bucket refilled continuously; small and lock-cheap, one per user or client IP. */
public final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long updatedNanos;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        this.ratePerNano = perSecond / 1_000_000_000d;
        this.capacity = burst;
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /** @return 0 when a token was taken, else the milliseconds until one will be available */
    public synchronized long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1_000_000d));
    }

    /** A bucket that is full again holds no information and may be forgotten. */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            updatedNanos = nowNanos;
        }
    }
}
