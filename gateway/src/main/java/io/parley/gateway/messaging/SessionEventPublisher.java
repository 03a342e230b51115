package io.parley.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.EventTypes;
import io.parley.events.data.CallCommand;
import io.parley.events.data.ReplyAddress;
import io.parley.events.data.InstanceHeartbeat;
import io.parley.events.data.InstanceStopped;
import io.parley.events.data.PresenceSet;
import io.parley.events.data.SessionClosed;
import io.parley.events.data.SessionOpened;
import io.parley.gateway.socket.ClientSocket;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Instant;
import java.util.UUID;

/**
 * Tells session-service about this instance's sessions and presence changes (session.events). A session id is the
 * socket's websockets-next connection id (a UUID); a user id is the verified token's subject (a UUID).
 */
@ApplicationScoped
public class SessionEventPublisher {

    private final EnvelopePublisher publisher;
    private final InstanceIdentity instance;

    public SessionEventPublisher(
            @Channel("session-events") MutinyEmitter<Record<String, String>> emitter,
            InstanceIdentity instance, EmitterBudgets budgets) {
        this.publisher = new EnvelopePublisher(emitter, instance, budgets.of("session-events"));
        this.instance = instance;
    }

    public Uni<Void> opened(ClientSocket socket) {
        return publisher.publish(EventTypes.SessionEvents.SESSION_OPENED, socket.userId(),
                new SessionOpened(UUID.fromString(socket.id()), UUID.fromString(socket.userId()), instance.id(),
                        socket.userAgent(), socket.ip(), Instant.now().toString(),
                        socket.familyId() == null ? null : UUID.fromString(socket.familyId())));
    }

    public Uni<Void> closed(ClientSocket socket, int code) {
        return publisher.publish(EventTypes.SessionEvents.SESSION_CLOSED, socket.userId(),
                new SessionClosed(UUID.fromString(socket.id()), UUID.fromString(socket.userId()), instance.id(),
                        Instant.now().toString(), code));
    }

    public Uni<Void> presence(ClientSocket socket, String status, String text) {
        return publisher.publish(EventTypes.SessionEvents.PRESENCE_SET, socket.userId(),
                new PresenceSet(UUID.fromString(socket.id()), UUID.fromString(socket.userId()), status, text));
    }

    /**
     * A client's call op for session-service, keyed by the user (a socket's ops and its session.closed stay in order).
     *
     * @param type   {@code EventTypes.SessionEvents.CALL_*}
     * @param signal {@code call.signal} only: {@code {toSessionId, kind, payload}}
     */
    public Uni<Void> callCommand(String type, ClientSocket socket, String frameId, String channelId,
            JsonNode signal) {
        return publisher.publish(type, socket.userId(),
                new CallCommand(UUID.fromString(socket.userId()), UUID.fromString(socket.id()), instance.id(),
                        UUID.fromString(channelId), signal, new ReplyAddress(instance.id(), socket.id(), frameId)));
    }

    public Uni<Void> instanceHeartbeat(long intervalMs) {
        return publisher.publish(EventTypes.SessionEvents.INSTANCE_HEARTBEAT, instance.id(),
                new InstanceHeartbeat(instance.id(), intervalMs));
    }

    public Uni<Void> instanceStopped() {
        return publisher.publish(EventTypes.SessionEvents.INSTANCE_STOPPED, instance.id(),
                new InstanceStopped(instance.id()));
    }
}
