package io.parley.gateway.messaging;

import io.parley.events.EventTypes;
import io.parley.events.data.Typing;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.UUID;

/** Produces typing notices to chat.ephemeral, where every gateway instance picks them up. */
@ApplicationScoped
public class TypingPublisher {

    private final EnvelopePublisher publisher;

    public TypingPublisher(
            @Channel("chat-ephemeral") MutinyEmitter<Record<String, String>> emitter,
            InstanceIdentity instance, EmitterBudgets budgets) {
        this.publisher = new EnvelopePublisher(emitter, instance, budgets.of("chat-ephemeral"));
    }

    /** @param channelId checked by {@code FrameFields.uuid} before; the record key */
    public Uni<Void> typing(String channelId, String userId) {
        return publisher.publish(EventTypes.ChatEphemeral.TYPING, channelId,
                new Typing(UUID.fromString(channelId), UUID.fromString(userId)));
    }
}
