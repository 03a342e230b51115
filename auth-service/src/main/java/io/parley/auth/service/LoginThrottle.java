package io.parley.auth.service;

import io.parley.auth.config.AuthConfig;
import io.parley.auth.repository.LoginFailureRepository;
import io.parley.kit.error.RateLimitedException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Bounds failed logins per username and per client IP over a sliding window, in PostgreSQL so that every
 * auth-service instance sees the same counts. An attempt is recorded before its password is checked (so concurrent
 * guesses count too) and removed again when it succeeds or is refused by the throttle itself.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Stored for attempts without a known client address; never bounded as an address. */
    private static final String UNKNOWN_IP = "unknown";

    private final Pool pool;
    private final LoginFailureRepository repository;
    private final AuthConfig.Throttle config;

    public LoginThrottle(Pool pool, LoginFailureRepository repository, AuthConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.config = config.throttle();
    }

    /** An admitted attempt: settle it with {@link #succeeded} or {@link #failed}. */
    public record Attempt(long id, String usernameKey) {
    }

    /**
     * @param clientIp empty when the client's address is unknown: then only the username bound applies
     * @return the admitted attempt, or a failed Uni with RateLimitedException carrying Retry-After
     */
    public Uni<Attempt> admit(String username, Optional<String> clientIp) {
        String usernameKey = username.toLowerCase(Locale.ROOT);
        if (!config.enabled()) {
            return Uni.createFrom().item(new Attempt(-1, usernameKey));
        }
        String ip = clientIp.orElse(UNKNOWN_IP);
        return repository.insert(pool, usernameKey, ip)
                .chain(id -> repository.countBefore(pool, id, usernameKey, ip, config.window(),
                                config.maxFailuresPerUsername(), config.maxFailuresPerIp())
                        .chain(counts -> {
                            boolean usernameFull = counts.byUsername() >= config.maxFailuresPerUsername();
                            boolean ipFull = clientIp.isPresent() && counts.byIp() >= config.maxFailuresPerIp();
                            if (!usernameFull && !ipFull) {
                                return Uni.createFrom().item(new Attempt(id, usernameKey));
                            }
                            Instant freesAt = latest(usernameFull ? counts.usernameFreesAt() : null,
                                    ipFull ? counts.ipFreesAt() : null);
                            long retryAfterSeconds = wholeSecondsUntil(freesAt);
                            return repository.delete(pool, id).chain(() -> Uni.createFrom().failure(
                                    new RateLimitedException("too many failed logins, try again later",
                                            retryAfterSeconds)));
                        }));
    }

    public Uni<Void> succeeded(Attempt attempt) {
        return config.enabled() ? repository.deleteForUsername(pool, attempt.usernameKey())
                : Uni.createFrom().voidItem();
    }

    /** The attempt's row stays: it is now one of the failures in the window. */
    public Uni<Void> failed(Attempt attempt) {
        return Uni.createFrom().voidItem();
    }

    /** Rows older than the window count for nothing. */
    public Uni<Integer> forgetOldFailures() {
        return repository.deleteOlderThan(pool, config.window());
    }

    /** Rounded up, so a client that waits Retry-After seconds finds the failure gone (at least 1: the kit). */
    private static long wholeSecondsUntil(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        return (millis + 999) / 1000;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b == null ? Instant.now() : b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
