package io.parley.gateway.error;

import io.parley.kit.error.RateLimitedException;

/**
 * RATE_LIMITED for a command on the socket: the kit's exception with the wait in milliseconds as well, since the
 * {@code error} frame says {@code retryAfterMs} (a REST answer only has whole seconds in {@code Retry-After}).
 */
public class CommandRateLimitedException extends RateLimitedException {

    private final long retryAfterMs;

    public CommandRateLimitedException(String message, long retryAfterMs) {
        super(message, (retryAfterMs + 999) / 1000);
        this.retryAfterMs = retryAfterMs;
    }

    public long retryAfterMs() {
        return retryAfterMs;
    }
}
