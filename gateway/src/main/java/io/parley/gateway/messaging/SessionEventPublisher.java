package io.parley.gateway.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EnvelopeJson;
import io.parley.gateway.config.GatewayInstance;
import io.parley.gateway.socket.ClientSocket;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Instant;

/** Tells session-service about this instance's sessions and presence changes (session.events). */
@ApplicationScoped
public class SessionEventPublisher {

    private final EnvelopePublisher publisher;
    private final GatewayInstance instance;

    public SessionEventPublisher(
            @Channel("session-events") MutinyEmitter<Record<String, String>> emitter,
            GatewayInstance instance) {
        this.publisher = new EnvelopePublisher(emitter, instance);
        this.instance = instance;
    }

    public Uni<Void> opened(ClientSocket socket) {
        ObjectNode data = session(socket)
                .put("userAgent", socket.userAgent())
                .put("ip", socket.ip())
                .put("connectedAt", Instant.now().toString());
        return publisher.publish("session.opened", socket.userId(), data);
    }

    public Uni<Void> closed(ClientSocket socket, int code) {
        ObjectNode data = session(socket).put("closedAt", Instant.now().toString()).put("code", code);
        return publisher.publish("session.closed", socket.userId(), data);
    }

    public Uni<Void> presence(ClientSocket socket, String status, String text) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode()
                .put("sessionId", socket.id())
                .put("userId", socket.userId())
                .put("status", status)
                .put("text", text);
        return publisher.publish("presence.set", socket.userId(), data);
    }

    public Uni<Void> instanceHeartbeat(long intervalMs) {
        return publisher.publish("instance.heartbeat", instance.id(),
                EnvelopeJson.mapper().createObjectNode().put("instance", instance.id()).put("intervalMs", intervalMs));
    }

    public Uni<Void> instanceStopped() {
        return publisher.publish("instance.stopped", instance.id(),
                EnvelopeJson.mapper().createObjectNode().put("instance", instance.id()));
    }

    private ObjectNode session(ClientSocket socket) {
        return EnvelopeJson.mapper().createObjectNode()
                .put("sessionId", socket.id())
                .put("userId", socket.userId())
                .put("instance", instance.id());
    }
}
