package io.parley.chat.messaging;

import io.parley.chat.repository.ChannelEventRepository.StoredEvent;
import io.parley.chat.repository.UserEventOutbox.PendingUserEvent;
import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.Topics;
import io.parley.events.data.UserEvent;
import io.parley.kit.instance.InstanceIdentity;
import io.parley.kit.kafka.KafkaNames;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes outbox rows, channel events to {@code chat.events} and user events to {@code user.events}, all of one
 * relay round in one Kafka transaction.
 */
@ApplicationScoped
public class EventPublisher {

    private final RelayProducer producer;
    private final KafkaNames names;
    private final String source;

    public EventPublisher(RelayProducer producer, KafkaNames names, InstanceIdentity identity) {
        this.producer = producer;
        this.names = names;
        this.source = identity.source();
    }

    /**
     * Completes when the transaction holding every event is committed; fails when it was aborted (none of them is
     * then visible to read_committed readers). A channel's events keep the given (seq) order.
     */
    public Uni<Void> publish(List<StoredEvent> channelEvents, List<PendingUserEvent> userEvents) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(channelEvents.size() + userEvents.size());
        for (StoredEvent e : channelEvents) {
            // data is the client d as the command path stored it (one of the chat.events records of events.data)
            records.add(record(Topics.CHAT_EVENTS, Envelopes.create(eventId(e), e.type(), source, e.createdAt(),
                    e.channelId().toString(), e.payload())));
        }
        for (PendingUserEvent e : userEvents) {
            records.add(record(Topics.USER_EVENTS, Envelopes.create(e.type(), source, e.userId().toString(),
                    new UserEvent(e.userId(), e.d()))));
        }
        return producer.publishInOneTransaction(records);
    }

    /** Keyed by its subject (channel or user), like every envelope this service sends. */
    private ProducerRecord<String, String> record(Topics.TopicSpec topic, Envelope envelope) {
        return new ProducerRecord<>(names.topic(topic), envelope.subject(), EnvelopeJson.write(envelope));
    }

    /** The same id for every publication of one (channel, seq), so a republished event is recognisably the same. */
    private static String eventId(StoredEvent e) {
        return UUID.nameUUIDFromBytes((e.channelId() + ":" + e.seq()).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
