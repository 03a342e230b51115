package io.parley.chat.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.concurrent.CompletableFuture;

/** Sends an envelope keyed by its subject and completes once the broker acknowledged it (acks=all). */
final class EnvelopeSender {

    private EnvelopeSender() {
    }

    /** Sends at once, so several sends keep their call order on the partition. */
    static CompletableFuture<Void> send(Emitter<String> emitter, Envelope envelope) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(envelope.subject()).build();
        emitter.send(Message.of(EnvelopeJson.write(envelope), Metadata.of(key),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
