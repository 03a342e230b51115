package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Consumes what gateways report on session.events: instance heartbeats (and, later, sessions and presence). */
@ApplicationScoped
public class SessionEventsListener {

    private static final Logger LOG = Logger.getLogger(SessionEventsListener.class);

    private final Pool pool;

    public SessionEventsListener(Pool pool) {
        this.pool = pool;
    }

    @Incoming("session-events")
    public Uni<Void> onEvent(String value) {
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(value);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed record on session.events: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return switch (envelope.type()) {
            case "instance.heartbeat" -> recordHeartbeat(envelope);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> recordHeartbeat(Envelope envelope) {
        String instance = envelope.data().path("instance").asText("");
        if (instance.isEmpty() || instance.length() > 128) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime at = envelope.time() == null ? OffsetDateTime.now(ZoneOffset.UTC)
                : envelope.time().atOffset(ZoneOffset.UTC);
        // idempotent and order-proof: a redelivered or late heartbeat never moves last_heartbeat back
        return pool.preparedQuery("""
                INSERT INTO gateway_instances (instance_id, last_heartbeat) VALUES ($1, $2)
                ON CONFLICT (instance_id) DO UPDATE
                SET last_heartbeat = GREATEST(gateway_instances.last_heartbeat, EXCLUDED.last_heartbeat)
                """).execute(Tuple.of(instance, at)).replaceWithVoid();
    }
}
