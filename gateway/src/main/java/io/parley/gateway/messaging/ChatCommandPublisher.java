package io.parley.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EnvelopeJson;
import io.parley.gateway.config.GatewayInstance;
import io.parley.gateway.socket.ClientSocket;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Produces client commands to chat.commands, keyed by channel, with the reply address of the frame. */
@ApplicationScoped
public class ChatCommandPublisher {

    private final EnvelopePublisher publisher;
    private final GatewayInstance instance;

    public ChatCommandPublisher(
            @Channel("chat-commands") MutinyEmitter<Record<String, String>> emitter,
            GatewayInstance instance) {
        this.publisher = new EnvelopePublisher(emitter, instance);
        this.instance = instance;
    }

    public Uni<Void> publish(String op, String channelId, ClientSocket socket, String frameId, JsonNode d) {
        ObjectNode data = EnvelopeJson.mapper().createObjectNode()
                .put("userId", socket.userId())
                .put("username", socket.username());
        socket.roles().forEach(data.putArray("roles")::add);
        data.set("d", d);
        data.putObject("reply")
                .put("instance", instance.id())
                .put("connectionId", socket.id())
                .put("frameId", frameId);
        return publisher.publish(op, channelId, data);
    }
}
