package io.parley.chat.messaging;

import io.parley.chat.config.ChatConfig;
import io.parley.chat.repository.FileRepository;
import io.parley.chat.service.TransientFailures;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes.MediaEvents;
import io.parley.events.data.FileDeleted;
import io.parley.events.data.FileUploaded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Projects the compacted {@code media.events}: which files exist and who uploaded them, for attachments. */
@ApplicationScoped
public class MediaProjectionListener {

    private static final Logger LOG = Logger.getLogger(MediaProjectionListener.class);

    private final Pool pool;
    private final FileRepository files;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    public MediaProjectionListener(Pool pool, FileRepository files, ChatConfig config) {
        this.pool = pool;
        this.files = files;
        this.minBackoff = config.retry().minBackoff();
        this.maxBackoff = config.retry().maxBackoff();
    }

    @Incoming("media-events")
    public Uni<Void> onFile(String value) {
        Uni<Void> change;
        try {
            Envelope envelope = EnvelopeJson.read(value);
            change = switch (envelope.type()) {
                case MediaEvents.FILE_UPLOADED -> {
                    FileUploaded file = envelope.dataAs(FileUploaded.class);
                    yield files.upsert(pool, file.id(), file.ownerId(), file.name() == null ? "" : file.name(),
                            file.size(), file.contentType() == null ? "application/octet-stream" : file.contentType());
                }
                case MediaEvents.FILE_DELETED -> files.markDeleted(pool, envelope.dataAs(FileDeleted.class).id());
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
