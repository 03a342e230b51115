package io.parley.auth.domain;

import java.time.Duration;

/** Too many attempts: answered 429 with a Retry-After header. */
public final class RateLimitedException extends ApiException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(429, "RATE_LIMITED", message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least 1, as Retry-After wants them. */
    public long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
