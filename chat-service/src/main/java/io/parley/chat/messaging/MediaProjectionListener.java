package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.repository.FileRepository;
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

/** Projects the compacted {@code media.events}: which files exist and who uploaded them, for attachments. */
@ApplicationScoped
public class MediaProjectionListener {

    private static final Logger LOG = Logger.getLogger(MediaProjectionListener.class);

    private final Pool pool;
    private final FileRepository files;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public MediaProjectionListener(Pool pool, FileRepository files,
            @ConfigProperty(name = "parley.chat.retry.min-backoff") Duration minBackoff,
            @ConfigProperty(name = "parley.chat.retry.max-backoff") Duration maxBackoff) {
        this.pool = pool;
        this.files = files;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Incoming("media-events")
    public Uni<Void> onFile(String value) {
        Uni<Void> change;
        try {
            Envelope envelope = EnvelopeJson.read(value);
            JsonNode data = envelope.data();
            UUID id = UUID.fromString(data.path("id").asText());
            change = switch (envelope.type()) {
                case "file.uploaded" -> files.upsert(pool, id, UUID.fromString(data.path("ownerId").asText()),
                        data.path("name").asText(""), data.path("size").asLong(0),
                        data.path("contentType").asText("application/octet-stream"));
                case "file.deleted" -> files.markDeleted(pool, id);
                default -> Uni.createFrom().voidItem();
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warnf("skipping a media.events record that is not a file event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return change
                .onFailure(TransientFailures::isTransient).retry().withBackOff(minBackoff, maxBackoff).indefinitely()
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "file event not projected");
                    return null;
                });
    }
}
