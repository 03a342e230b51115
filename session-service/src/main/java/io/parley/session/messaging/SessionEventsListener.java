package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.EnvelopeJson;
import io.parley.events.EventTypes;
import io.parley.session.domain.SessionEvents;
import io.parley.session.service.GatewayLiveness;
import io.parley.session.service.SessionRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    /**
     * One poll's records at a time, in the order polled. Sessions opened and closed in a row are recorded together
     * ({@link SessionRegistry#lifecycle}: one transaction, a handful of round trips, instead of eight round trips a
     * record, which under a reconnect storm was most of this service's CPU); a user's open and close both in such a
     * run start a new one, as does any other record, which is handled alone. A call op is answered, not retried for
     * minutes: the client is waiting ({@link CallCommandHandler}). Anything malformed is logged and skipped.
     */
    @Incoming("session-events")
    public Uni<Void> onRecords(List<String> values) {
        List<Supplier<Uni<Void>>> steps = new ArrayList<>();
        Lifecycle run = new Lifecycle();
        for (String value : values) {
            try {
                Envelope envelope = EnvelopeJson.read(value);
                String type = envelope.type();
                if (EventTypes.SessionEvents.SESSION_OPENED.equals(type)) {
                    run = run.with(reader.opened(envelope), steps);
                } else if (EventTypes.SessionEvents.SESSION_CLOSED.equals(type)) {
                    run = run.with(reader.closed(envelope), steps);
                } else if (type != null && type.startsWith("call.")) {
                    run = run.flushedInto(steps);
                    Supplier<Uni<Void>> answer = calls.handler(envelope);
                    steps.add(answer);
                } else {
                    Supplier<Uni<Void>> work = handler(envelope);
                    run = run.flushedInto(steps);
                    steps.add(persistently(work, "a " + type + " record"));
                }
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping a malformed record on session.events: %s", e.getMessage());
            }
        }
        run.flushedInto(steps);
        if (steps.size() == 1) {
            return steps.get(0).get();
        }
        return Multi.createFrom().iterable(steps)
                .onItem().transformToUniAndConcatenate(Supplier::get)
                .collect().last()
                .replaceWithVoid();
    }

    /** Retried as {@link HandlerRetry} does; deferred, so a failure thrown while the work is set up is retried too. */
    private Supplier<Uni<Void>> persistently(Supplier<Uni<Void>> work, String what) {
        return () -> retry.persistently(Uni.createFrom().deferred(work::get), LOG, what + " on session.events");
    }

    /** Opens and closes in a row, no user among both. */
    private final class Lifecycle {
        private final List<SessionEvents.Opened> opened = new ArrayList<>();
        private final List<SessionEvents.Closed> closed = new ArrayList<>();
        private final Map<UUID, Boolean> openedByUser = new HashMap<>();

        Lifecycle with(SessionEvents.Opened open, List<Supplier<Uni<Void>>> steps) {
            Lifecycle run = Boolean.FALSE.equals(openedByUser.get(open.userId())) ? flushedInto(steps) : this;
            run.opened.add(open);
            run.openedByUser.put(open.userId(), true);
            return run;
        }

        Lifecycle with(SessionEvents.Closed close, List<Supplier<Uni<Void>>> steps) {
            Lifecycle run = Boolean.TRUE.equals(openedByUser.get(close.userId())) ? flushedInto(steps) : this;
            run.closed.add(close);
            run.openedByUser.put(close.userId(), false);
            return run;
        }

        /** Adds this run's work (when it has any) and answers an empty run to go on with. */
        Lifecycle flushedInto(List<Supplier<Uni<Void>>> steps) {
            if (opened.isEmpty() && closed.isEmpty()) {
                return this;
            }
            steps.add(persistently(() -> registry.lifecycle(opened, closed),
                    opened.size() + " session.opened and " + closed.size() + " session.closed records"));
            return new Lifecycle();
        }
    }

    /** Validates a record other than an open or close now (a bad one is skipped, never retried): the work it asks for. */
    private Supplier<Uni<Void>> handler(Envelope envelope) {
        switch (envelope.type()) {
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
