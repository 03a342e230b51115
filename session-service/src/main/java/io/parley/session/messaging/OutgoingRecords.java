package io.parley.session.messaging;

import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds this service's Kafka records: key = subject, value = the envelope JSON of the internal contract. */
@ApplicationScoped
public class OutgoingRecords {

    private final InstanceIdentity instance;

    public OutgoingRecords(InstanceIdentity instance) {
        this.instance = instance;
    }

    /** {@code type} a constant of {@code EventTypes}, {@code data} its record of {@code io.parley.events.data}. */
    public Record<String, String> of(String type, String subject, Object data) {
        return Record.of(subject, EnvelopeJson.write(Envelopes.create(type, instance.source(), subject, data)));
    }
}
