package io.parley.chat.messaging;

import io.parley.chat.config.ChatConfig;
import io.parley.chat.repository.UserRepository;
import io.parley.chat.service.TransientFailures;
import io.parley.events.Envelope;
import io.parley.events.data.AuthUser;
import io.parley.kit.bans.BannedUsers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/**
 * Projects the compacted {@code auth.users}, read from the beginning by every instance: the banned set in memory and
 * names for member lists and @mentions in the database, and which users are bots of which owner (webhooks, subscriptions
 * and slash commands check them).
 */
@ApplicationScoped
public class AuthUsersListener {

    private static final Logger LOG = Logger.getLogger(AuthUsersListener.class);

    private final Pool pool;
    private final UserRepository users;
    private final BannedUsers banned;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public AuthUsersListener(Pool pool, UserRepository users, BannedUsers banned, ChatConfig config) {
        this.pool = pool;
        this.users = users;
        this.banned = banned;
        this.minBackoff = config.retry().minBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    @Incoming("auth-users")
    public Uni<Void> onUser(String value) {
        Envelope envelope = BannedUsers.read(value);
        AuthUser record;
        try {
            record = envelope == null ? null : envelope.dataAs(AuthUser.class);
        } catch (IllegalArgumentException e) {
            record = null;
        }
        if (record == null) {
            LOG.warnf("skipping an auth.users record that is not a user");
            return Uni.createFrom().voidItem();
        }
        banned.apply(envelope);
        UUID id = record.user().id();
        String username = record.user().username() == null ? id.toString() : record.user().username();
        String displayName = record.user().displayName() == null ? username : record.user().displayName();
        return users.upsert(pool, id, username, displayName, record.banned(), record.user().bot(),
                        record.user().bot() ? record.user().ownerId() : null)
                .onFailure(TransientFailures::isTransient).retry().withBackOff(minBackoff, maxBackoff).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "user %s not projected", id);
                    return null;
                });
    }
}
