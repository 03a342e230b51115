package io.parley.media.messaging;

import io.parley.events.Envelope;
import io.parley.kit.bans.BannedUsers;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Keeps {@link BannedUsers} from the compacted {@code auth.users}, read from the beginning by every instance (the
 * latest record per user is that user's state; a tombstone forgets the user). Bans are all media-service takes from
 * a user record.
 */
@ApplicationScoped
public class AuthUsersListener {

    private static final Logger LOG = Logger.getLogger(AuthUsersListener.class);

    private final BannedUsers bannedUsers;

    public AuthUsersListener(BannedUsers bannedUsers) {
        this.bannedUsers = bannedUsers;
    }

    @Incoming("auth-users")
    public CompletionStage<Void> onUser(KafkaRecord<String, String> record) {
        Envelope user = BannedUsers.read(record.getPayload());
        if (user != null) {
            bannedUsers.apply(user);
        } else if (record.getPayload() == null) {
            forget(record.getKey());
        } else {
            LOG.warnf("skipped an auth.users record that is not a user state (key %s)", record.getKey());
        }
        return record.ack();
    }

    private void forget(String key) {
        try {
            bannedUsers.record(UUID.fromString(key), false);
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warnf("skipped an auth.users tombstone whose key is no user id: %s", key);
        }
    }
}
