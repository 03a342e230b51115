package io.parley.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.gateway.config.GatewayInstance;
import io.parley.gateway.error.GatewayException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/** Wraps data in an envelope from this instance and produces it keyed by subject; a failure becomes UNAVAILABLE. */
final class EnvelopePublisher {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final String source;

    EnvelopePublisher(MutinyEmitter<Record<String, String>> emitter, GatewayInstance instance) {
        this.emitter = emitter;
        this.source = "gateway/" + instance.id();
    }

    Uni<Void> publish(String type, String subject, JsonNode data) {
        Envelope envelope = Envelope.of(type, source, subject, data);
        Uni<Void> sent;
        try {
            sent = emitter.send(Record.of(subject, EnvelopeJson.write(envelope)));
        } catch (RuntimeException e) {
            // an emitter over its buffer refuses at once: the client retries later
            return Uni.createFrom().failure(GatewayException.unavailable("message broker busy, retry later"));
        }
        return sent.onFailure().transform(e -> GatewayException.unavailable("message broker unavailable"));
    }
}
