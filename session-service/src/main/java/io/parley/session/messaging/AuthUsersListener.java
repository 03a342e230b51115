package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.data.AuthUser;
import io.parley.kit.bans.BannedUsers;
import io.parley.session.service.BanEnforcement;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Follows the compacted auth.users from its beginning: the latest record of each user says whether they are banned
 * (the kit's {@link BannedUsers}); a ban also closes the user's sessions here ({@link BanEnforcement}).
 */
@ApplicationScoped
public class AuthUsersListener {

    private static final Logger LOG = Logger.getLogger(AuthUsersListener.class);

    private final BannedUsers bannedUsers;
    private final BanEnforcement bans;
    private final BanListProgress progress;
    private final HandlerRetry retry;

    public AuthUsersListener(BannedUsers bannedUsers, BanEnforcement bans, BanListProgress progress,
            HandlerRetry retry) {
        this.retry = retry;
        this.bannedUsers = bannedUsers;
        this.bans = bans;
        this.progress = progress;
    }

    @Incoming("auth-users")
    public Uni<Void> onUser(ConsumerRecord<String, String> record) {
        return apply(record.value()).invoke(() -> progress.handled(record.partition(), record.offset()));
    }

    private Uni<Void> apply(String value) {
        Envelope envelope = BannedUsers.read(value);
        AuthUser user;
        try {
            if (envelope == null) {
                throw new IllegalArgumentException("not an envelope");
            }
            user = envelope.dataAs(AuthUser.class);
            if (user.user() == null || user.user().id() == null) {
                throw new IllegalArgumentException("no user id");
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed record on auth.users: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        bannedUsers.apply(envelope);
        if (!user.banned()) {
            return Uni.createFrom().voidItem();
        }
        UUID userId = user.user().id();
        Instant at = envelope.time() != null ? envelope.time() : Instant.now();
        return retry.persistently(Uni.createFrom().deferred(() -> bans.closeSessionsOf(userId, at)), LOG,
                "the auth.users record of " + userId);
    }
}
