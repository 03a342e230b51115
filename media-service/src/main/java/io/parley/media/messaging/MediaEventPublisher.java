package io.parley.media.messaging;

import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes.MediaEvents;
import io.parley.events.data.FileDeleted;
import io.parley.events.data.FileUploaded;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.media.domain.StoredFile;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/** Publishes {@code file.uploaded} / {@code file.deleted} on {@code media.events}, keyed by file id. */
@ApplicationScoped
public class MediaEventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final MutinyEmitter<Record<String, String>> emitter;
    private final String source;

    public MediaEventPublisher(@Channel("media-events") MutinyEmitter<Record<String, String>> emitter,
            InstanceIdentity instance) {
        this.emitter = emitter;
        this.source = instance.source();
    }

    /** Completes once the broker has acknowledged the record (acks=all). */
    public Uni<Void> uploaded(StoredFile file) {
        return send(MediaEvents.FILE_UPLOADED, file,
                new FileUploaded(file.id(), file.ownerId(), file.name(), file.size(), file.contentType()));
    }

    public Uni<Void> deleted(StoredFile file) {
        return send(MediaEvents.FILE_DELETED, file, new FileDeleted(file.id(), file.ownerId()));
    }

    // bounded: a caller holding a row lock or a client waiting must not wait out Kafka's own delivery timeout
    private Uni<Void> send(String type, StoredFile file, Object data) {
        String key = file.id().toString();
        return emitter.send(Record.of(key, EnvelopeJson.write(Envelopes.create(type, source, key, data))))
                .ifNoItem().after(ACK_TIMEOUT).fail();
    }
}
