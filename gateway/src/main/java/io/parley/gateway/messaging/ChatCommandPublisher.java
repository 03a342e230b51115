package io.parley.gateway.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.data.ChatCommand;
import io.parley.events.data.ReplyAddress;
import io.parley.gateway.socket.ClientSocket;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.UUID;

/** Produces client commands to chat.commands, keyed by channel, with the reply address of the frame. */
@ApplicationScoped
public class ChatCommandPublisher {

    private final EnvelopePublisher publisher;
    private final InstanceIdentity instance;

    public ChatCommandPublisher(
            @Channel("chat-commands") MutinyEmitter<Record<String, String>> emitter,
            InstanceIdentity instance, EmitterBudgets budgets) {
        this.publisher = new EnvelopePublisher(emitter, instance, budgets.of("chat-commands"));
        this.instance = instance;
    }

    /**
     * @param op        the client's op, which is the record type ({@code EventTypes.ChatCommands})
     * @param channelId checked by {@code FrameFields.uuid} before; the record key
     * @param d         the op's {@code d} as its handler validated it: the contract's fields only
     */
    public Uni<Void> publish(String op, String channelId, ClientSocket socket, String frameId, JsonNode d) {
        ChatCommand command = new ChatCommand(UUID.fromString(socket.userId()), socket.username(), socket.roles(), d,
                new ReplyAddress(instance.id(), socket.id(), frameId));
        return publisher.publish(op, channelId, command);
    }
}
