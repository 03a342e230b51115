package io.parley.media.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.media.service.BannedUsers;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Keeps {@link BannedUsers} from the compacted {@code auth.users}, read from the beginning by every instance (the
 * latest record per user is that user's state; a tombstone forgets the user).
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
        try {
            apply(record.getKey(), record.getPayload());
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped an auth.users record that is not a user state: %s", e.getMessage());
        }
        return record.ack();
    }

    private void apply(String key, String value) {
        if (value == null) {
            bannedUsers.record(UUID.fromString(key), false);
            return;
        }
        Envelope envelope = EnvelopeJson.read(value);
        JsonNode data = envelope.data();
        if (data == null || !data.path("user").hasNonNull("id")) {
            throw new IllegalArgumentException("no data.user.id in " + envelope.type());
        }
        bannedUsers.record(UUID.fromString(data.path("user").path("id").asText()), data.path("banned").asBoolean(false));
    }
}
