package io.parley.session.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.session.service.BanEnforcement;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/** Follows the compacted auth.users from its beginning: the latest record of each user says whether they are banned. */
@ApplicationScoped
public class AuthUsersListener {

    private static final Logger LOG = Logger.getLogger(AuthUsersListener.class);

    private final BanEnforcement bans;
    private final BanListProgress progress;

    public AuthUsersListener(BanEnforcement bans, BanListProgress progress) {
        this.bans = bans;
        this.progress = progress;
    }

    @Incoming("auth-users")
    public Uni<Void> onUser(ConsumerRecord<String, String> record) {
        return apply(record.value()).invoke(() -> progress.handled(record.partition(), record.offset()));
    }

    private Uni<Void> apply(String value) {
        UUID userId;
        boolean banned;
        Instant at;
        try {
            Envelope envelope = EnvelopeJson.read(value);
            JsonNode data = envelope.data();
            userId = UUID.fromString(data.path("user").path("id").asText(""));
            banned = data.path("banned").asBoolean(false);
            at = envelope.time() != null ? envelope.time() : Instant.now();
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warnf("skipping a malformed record on auth.users: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return HandlerRetry.persistently(Uni.createFrom().deferred(() -> bans.userState(userId, banned, at)), LOG,
                "the auth.users record of " + userId);
    }
}
