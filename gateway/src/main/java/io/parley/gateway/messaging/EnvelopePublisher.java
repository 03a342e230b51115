package io.parley.gateway.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.kit.error.UnavailableException;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/** Wraps a data record in an envelope from this instance and produces it keyed by subject; a failure is UNAVAILABLE. */
final class EnvelopePublisher {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final String source;

    EnvelopePublisher(MutinyEmitter<Record<String, String>> emitter, InstanceIdentity instance) {
        this.emitter = emitter;
        this.source = instance.source();
    }

    /**
     * @param type a constant of {@code EventTypes}
     * @param data a record of {@code io.parley.events.data}
     */
    Uni<Void> publish(String type, String subject, Object data) {
        Envelope envelope = Envelopes.create(type, source, subject, data);
        Uni<Void> sent;
        try {
            sent = emitter.send(Record.of(subject, EnvelopeJson.write(envelope)));
        } catch (RuntimeException e) {
            // an emitter over its buffer refuses at once: the client retries later
            return Uni.createFrom().failure(new UnavailableException("message broker busy, retry later"));
        }
        return sent.onFailure().transform(e -> new UnavailableException("message broker unavailable"));
    }
}
