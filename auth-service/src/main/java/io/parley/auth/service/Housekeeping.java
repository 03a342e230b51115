package io.parley.auth.service;

import io.parley.auth.repository.OidcRepository;
import io.parley.auth.repository.RefreshTokenRepository;
import io.parley.auth.repository.UserOutboxRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Deletes rows that can no longer matter: expired refresh tokens, old login failures, published outbox rows. */
@ApplicationScoped
public class Housekeeping {

    /** Published records stay a day, for operators who want to see what went out. */
    private static final Duration OUTBOX_KEEP = Duration.ofDays(1);

    private final Pool pool;
    private final RefreshTokenRepository tokens;
    private final UserOutboxRepository outbox;
    private final LoginThrottle throttle;
    private final OidcRepository oidc;

    public Housekeeping(Pool pool, RefreshTokenRepository tokens, UserOutboxRepository outbox,
            LoginThrottle throttle, OidcRepository oidc) {
        this.pool = pool;
        this.tokens = tokens;
        this.outbox = outbox;
        this.throttle = throttle;
        this.oidc = oidc;
    }

    @Scheduled(every = "${parley.auth.housekeeping-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return tokens.deleteExpired(pool)
                .chain(() -> throttle.forgetOldFailures())
                .chain(() -> outbox.deletePublishedBefore(pool, OUTBOX_KEEP))
                .chain(() -> oidc.deleteExpired(pool))
                .replaceWithVoid();
    }
}
