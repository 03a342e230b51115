package io.parley.auth.service;

import io.parley.auth.config.AdminConfig;
import io.parley.auth.domain.User;
import io.parley.auth.messaging.UserEventOutbox;
import io.parley.auth.repository.UserRepository;
import io.parley.events.EventTypes;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Creates the first admin at start-up from PARLEY_ADMIN_USERNAME / PARLEY_ADMIN_PASSWORD when both are set and no
 * account of that name exists; an existing account is never changed. Safe when several instances start at once.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final Pool pool;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final UserEventOutbox outbox;
    private final AdminConfig config;

    public AdminBootstrap(Pool pool, UserRepository users, PasswordHasher hasher, UserEventOutbox outbox,
            AdminConfig config) {
        this.pool = pool;
        this.users = users;
        this.hasher = hasher;
        this.outbox = outbox;
        this.config = config;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (config.username().isPresent() && config.password().isPresent()) {
            boolean created = ensureAdmin(config.username().get(), config.password().get());
            // the name is not secret; the password never appears in a log
            LOG.infof(created ? "Created the admin account %s" : "Admin account %s already exists",
                    config.username().get());
        }
    }

    /** Blocking (start-up thread). @return true when the account was created now */
    public boolean ensureAdmin(String username, String password) {
        if (!username.matches("[A-Za-z0-9_.-]{3,32}") || password.codePointCount(0, password.length()) < 8) {
            throw new IllegalStateException("PARLEY_ADMIN_USERNAME must be 3-32 of [A-Za-z0-9_.-] and "
                    + "PARLEY_ADMIN_PASSWORD at least 8 characters");
        }
        User created = hasher.hash(password)
                .chain(hash -> pool.withTransaction(conn -> users.insertIfAbsent(conn, UUID.randomUUID(), username,
                                username, hash, List.of(User.ROLE_USER, User.ROLE_ADMIN))
                        .call(user -> user == null ? Uni.createFrom().voidItem()
                                : outbox.append(conn, EventTypes.AuthUsers.USER_REGISTERED, user))))
                .await().atMost(Duration.ofSeconds(30));
        // no relay trigger here: at start-up the Kafka channel is not wired yet; the relay's poll publishes the record
        return created != null;
    }
}
