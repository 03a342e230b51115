package io.parley.session.messaging;

import io.parley.events.EventTypes;
import io.parley.events.data.PresenceUpdated;
import io.parley.session.domain.PresenceState;
import io.parley.session.domain.UtcMillis;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes {@code presence.updated} on presence.events; the Uni completes when the broker acknowledged. */
@ApplicationScoped
public class PresencePublisher {

    private final MutinyEmitter<Record<String, String>> events;
    private final OutgoingRecords records;

    public PresencePublisher(@Channel("presence-events") MutinyEmitter<Record<String, String>> events,
            OutgoingRecords records) {
        this.events = events;
        this.records = records;
    }

    public Uni<Void> updated(PresenceState state) {
        var data = new PresenceUpdated(state.userId(), state.status(), state.text(),
                UtcMillis.format(state.lastSeenAt()));
        return events.send(records.of(EventTypes.PresenceEvents.PRESENCE_UPDATED, state.userId().toString(), data));
    }
}
