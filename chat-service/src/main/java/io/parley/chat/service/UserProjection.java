package io.parley.chat.service;

import io.parley.chat.config.ChatConfig;
import io.parley.chat.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/**
 * Users reach this service through {@code auth.users}, a moment after they register: a change naming someone who
 * just registered (a DM, an invitation) waits, briefly and bounded, for the projection instead of answering 404 to a
 * client that did nothing wrong. An id that never appears answers 404 after the wait.
 */
@ApplicationScoped
public class UserProjection {

    private static final Duration POLL = Duration.ofMillis(100);

    private final UserRepository users;
    private final Pool pool;
    private final Duration wait;

    public UserProjection(UserRepository users, Pool pool, ChatConfig config) {
        this.users = users;
        this.pool = pool;
        this.wait = config.userProjectionWait();
    }

    /** Completes once {@code userId} is known here, or when the wait is over (the caller then checks again). */
    public Uni<Void> awaitKnown(UUID userId) {
        return awaitKnown(userId, System.nanoTime() + wait.toNanos());
    }

    private Uni<Void> awaitKnown(UUID userId, long deadlineNanos) {
        return users.exists(pool, userId).chain(exists -> exists || System.nanoTime() > deadlineNanos
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                        .chain(() -> awaitKnown(userId, deadlineNanos)));
    }
}
