package io.parley.media.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.media.domain.StoredFile;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Publishes {@code file.uploaded} / {@code file.deleted} on {@code media.events}, keyed by file id. */
@ApplicationScoped
public class MediaEventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final MutinyEmitter<Record<String, String>> emitter;
    private final String source;

    public MediaEventPublisher(@Channel("media-events") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
        this.source = "media-service/" + hostName();
    }

    /** Completes once the broker has acknowledged the record (acks=all). */
    public Uni<Void> uploaded(StoredFile file) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode()
                .put("id", file.id().toString())
                .put("ownerId", file.ownerId().toString())
                .put("name", file.name())
                .put("size", file.size())
                .put("contentType", file.contentType());
        return send("file.uploaded", file, data);
    }

    public Uni<Void> deleted(StoredFile file) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode()
                .put("id", file.id().toString())
                .put("ownerId", file.ownerId().toString());
        return send("file.deleted", file, data);
    }

    // bounded: a caller holding a row lock or a client waiting must not wait out Kafka's own delivery timeout
    private Uni<Void> send(String type, StoredFile file, ObjectNode data) {
        String key = file.id().toString();
        return emitter.send(Record.of(key, EnvelopeJson.write(Envelope.of(type, source, key, data))))
                .ifNoItem().after(ACK_TIMEOUT).fail();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
