package io.parley.gateway.messaging;

import io.parley.events.EnvelopeJson;
import io.parley.gateway.config.GatewayInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Produces typing notices to chat.ephemeral, where every gateway instance picks them up. */
@ApplicationScoped
public class TypingPublisher {

    private final EnvelopePublisher publisher;

    public TypingPublisher(
            @Channel("chat-ephemeral") MutinyEmitter<Record<String, String>> emitter,
            GatewayInstance instance) {
        this.publisher = new EnvelopePublisher(emitter, instance);
    }

    public Uni<Void> typing(String channelId, String userId) {
        return publisher.publish("typing", channelId,
                EnvelopeJson.mapper().createObjectNode().put("channelId", channelId).put("userId", userId));
    }
}
