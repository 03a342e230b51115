package io.parley.chat.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Command;
import io.parley.chat.domain.CommandOutcome;
import io.parley.chat.domain.Json;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes.GatewayReplies;
import io.parley.events.data.ReplyAddress;
import io.parley.kit.instance.InstanceIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Answers commands on {@code gateway.replies}, keyed by the gateway instance that holds the socket. */
@ApplicationScoped
public class ReplyPublisher {

    private final Emitter<String> replies;
    private final String source;

    public ReplyPublisher(@Channel("gateway-replies") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> replies,
            InstanceIdentity identity) {
        this.replies = replies;
        this.source = identity.source();
    }

    /** Completes once the broker has every reply; commands without an address get none. */
    public Uni<Void> reply(List<Command> commands, List<CommandOutcome> outcomes) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            ReplyAddress address = commands.get(i).reply();
            if (address != null) {
                acks.add(send(address, outcomes.get(i).reply()));
            }
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }

    /**
     * The data is {@link io.parley.events.data.Reply}'s shape, built as a tree around the outcome's {@code ok} or
     * {@code error} (which is also what processed_commands stores): a Reply record would be turned into the same tree
     * again, a second copy per command on the hot path.
     */
    CompletableFuture<Void> send(ReplyAddress address, ObjectNode okOrError) {
        ObjectNode data = Json.object();
        data.put("connectionId", address.connectionId());
        data.put("frameId", address.frameId());
        data.setAll(okOrError);
        return EnvelopeSender.send(replies, Envelopes.create(GatewayReplies.REPLY, source, address.instance(), data));
    }
}
