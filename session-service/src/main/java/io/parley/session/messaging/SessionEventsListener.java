package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.session.service.GatewayLiveness;
import io.parley.session.service.SessionRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes what gateways report on session.events: sessions opened and closed, presence choices, instance
 * heartbeats and stops. Records of one user share a partition, so they arrive in the order a gateway sent them; the
 * handlers are idempotent anyway, since redelivery and races between gateways reorder them.
 */
@ApplicationScoped
public class SessionEventsListener {

    private static final Logger LOG = Logger.getLogger(SessionEventsListener.class);

    private final SessionEventReader reader;
    private final SessionRegistry registry;
    private final GatewayLiveness gateways;

    public SessionEventsListener(SessionEventReader reader, SessionRegistry registry, GatewayLiveness gateways) {
        this.reader = reader;
        this.registry = registry;
        this.gateways = gateways;
    }

    @Incoming("session-events")
    public Uni<Void> onEvent(String value) {
        Uni<Void> work;
        Envelope envelope;
        try {
            envelope = EnvelopeJson.read(value);
            work = handle(envelope);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed record on session.events: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return HandlerRetry.persistently(work, LOG, "a " + envelope.type() + " record on session.events");
    }

    private Uni<Void> handle(Envelope envelope) {
        return switch (envelope.type()) {
            case "session.opened" -> registry.opened(reader.opened(envelope));
            case "session.closed" -> registry.closed(reader.closed(envelope));
            case "presence.set" -> registry.presenceSet(reader.presenceSet(envelope));
            case "instance.heartbeat" -> gateways.heartbeat(reader.heartbeat(envelope));
            case "instance.stopped" -> gateways.stopped(reader.stopped(envelope));
            default -> Uni.createFrom().voidItem();
        };
    }
}
