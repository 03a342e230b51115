package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.repository.UserRepository;
import io.parley.chat.service.BannedUsers;
import io.parley.chat.service.TransientFailures;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/**
 * Projects the compacted {@code auth.users}, read from the beginning by every instance: the banned set in memory and
 * names for member lists and @mentions in the database.
 */
@ApplicationScoped
public class UserProjectionListener {

    private static final Logger LOG = Logger.getLogger(UserProjectionListener.class);

    private final Pool pool;
    private final UserRepository users;
    private final BannedUsers banned;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public UserProjectionListener(Pool pool, UserRepository users, BannedUsers banned,
            @ConfigProperty(name = "parley.chat.retry.min-backoff") Duration minBackoff,
            @ConfigProperty(name = "parley.chat.retry.max-backoff") Duration maxBackoff) {
        this.pool = pool;
        this.users = users;
        this.banned = banned;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Incoming("auth-users")
    public Uni<Void> onUser(String value) {
        JsonNode user;
        boolean isBanned;
        UUID id;
        try {
            Envelope envelope = EnvelopeJson.read(value);
            user = envelope.data().path("user");
            isBanned = envelope.data().path("banned").asBoolean(false);
            id = UUID.fromString(user.path("id").asText());
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warnf("skipping an auth.users record that is not a user: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        banned.record(id, isBanned);
        String username = user.path("username").asText(id.toString());
        String displayName = user.path("displayName").asText(username);
        return users.upsert(pool, id, username, displayName, isBanned)
                .onFailure(TransientFailures::isTransient).retry().withBackOff(minBackoff, maxBackoff).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "user %s not projected", id);
                    return null;
                });
    }
}
