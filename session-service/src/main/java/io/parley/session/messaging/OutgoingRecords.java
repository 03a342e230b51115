package io.parley.session.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds this service's Kafka records: key = subject, value = the envelope JSON of the internal contract. */
@ApplicationScoped
public class OutgoingRecords {

    private final String source;

    public OutgoingRecords(@ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "HOSTNAME", defaultValue = "local") String host) {
        this.source = application + "/" + host;
    }

    public Record<String, String> of(String type, String subject, JsonNode data) {
        return Record.of(subject, EnvelopeJson.write(Envelope.of(type, source, subject, data)));
    }
}
