package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes;
import io.parley.session.service.GatewayLiveness;
import io.parley.session.service.SessionRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Consumes what gateways report on session.events: sessions opened and closed, presence choices, instance
 * heartbeats and stops, and clients' call ops (answered on gateway.replies). Records of one user share a partition,
 * so they arrive in the order a gateway sent them (a socket's call.join before its session.closed); the
 * handlers are idempotent anyway, since redelivery and races between gateways reorder them.
 */
@ApplicationScoped
public class SessionEventsListener {

    private static final Logger LOG = Logger.getLogger(SessionEventsListener.class);

    private final SessionEventReader reader;
    private final SessionRegistry registry;
    private final GatewayLiveness gateways;
    private final CallCommandHandler calls;
    private final HandlerRetry retry;

    public SessionEventsListener(SessionEventReader reader, SessionRegistry registry, GatewayLiveness gateways,
            CallCommandHandler calls, HandlerRetry retry) {
        this.retry = retry;
        this.reader = reader;
        this.registry = registry;
        this.gateways = gateways;
        this.calls = calls;
    }

    @Incoming("session-events")
    public Uni<Void> onEvent(String value) {
        Envelope envelope;
        Supplier<Uni<Void>> work;
        try {
            envelope = EnvelopeJson.read(value);
            if (envelope.type() != null && envelope.type().startsWith("call.")) {
                // a call op is answered, not retried for minutes: the client is waiting (CallCommandHandler)
                return calls.handler(envelope).get();
            }
            work = handler(envelope);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a malformed record on session.events: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        // deferred: a failure thrown while the work is being set up is retried like one it reports
        return retry.persistently(Uni.createFrom().deferred(work::get), LOG,
                "a " + envelope.type() + " record on session.events");
    }

    /** Validates the record now (a bad one is skipped, never retried) and returns the work it asks for. */
    private Supplier<Uni<Void>> handler(Envelope envelope) {
        switch (envelope.type()) {
            case EventTypes.SessionEvents.SESSION_OPENED -> {
                var opened = reader.opened(envelope);
                return () -> registry.opened(opened);
            }
            case EventTypes.SessionEvents.SESSION_CLOSED -> {
                var closed = reader.closed(envelope);
                return () -> registry.closed(closed);
            }
            case EventTypes.SessionEvents.PRESENCE_SET -> {
                var set = reader.presenceSet(envelope);
                return () -> registry.presenceSet(set);
            }
            case EventTypes.SessionEvents.INSTANCE_HEARTBEAT -> {
                var heartbeat = reader.heartbeat(envelope);
                return () -> gateways.heartbeat(heartbeat);
            }
            case EventTypes.SessionEvents.INSTANCE_STOPPED -> {
                var stopped = reader.stopped(envelope);
                return () -> gateways.stopped(stopped);
            }
            default -> {
                return () -> Uni.createFrom().voidItem();
            }
        }
    }
}
