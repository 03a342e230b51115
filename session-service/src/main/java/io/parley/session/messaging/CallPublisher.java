package io.parley.session.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.EventTypes;
import io.parley.events.data.CallEvent;
import io.parley.events.data.Reply;
import io.parley.events.data.ReplyAddress;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.List;
import java.util.UUID;

/**
 * Publishes call events on call.events (key channelId, to every gateway) and answers call ops on gateway.replies
 * (key the gateway instance); each Uni completes when the broker acknowledged.
 */
@ApplicationScoped
public class CallPublisher {

    private final MutinyEmitter<Record<String, String>> events;
    private final MutinyEmitter<Record<String, String>> replies;
    private final OutgoingRecords records;

    public CallPublisher(@Channel("call-events") MutinyEmitter<Record<String, String>> events,
            @Channel("gateway-replies") MutinyEmitter<Record<String, String>> replies, OutgoingRecords records) {
        this.events = events;
        this.replies = replies;
        this.records = records;
    }

    /** An event for the channel's subscribers. */
    public Uni<Void> toChannel(String type, UUID channelId, JsonNode d) {
        return events.send(records.of(type, channelId.toString(), new CallEvent(channelId, null, null, d)));
    }

    /** {@code call.signal} to one socket. */
    public Uni<Void> toSession(UUID channelId, UUID sessionId, JsonNode d) {
        return events.send(records.of(EventTypes.CallEvents.CALL_SIGNAL, channelId.toString(),
                new CallEvent(channelId, sessionId, null, d)));
    }

    /** {@code call.ringing} to every socket of these users. */
    public Uni<Void> toUsers(UUID channelId, List<UUID> userIds, JsonNode d) {
        return events.send(records.of(EventTypes.CallEvents.CALL_RINGING, channelId.toString(),
                new CallEvent(channelId, null, userIds, d)));
    }

    /** The answer to a call op; an address without its gateway instance gets none. */
    public Uni<Void> reply(ReplyAddress to, Reply reply) {
        if (to == null || to.instance() == null || to.instance().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return replies.send(records.of(EventTypes.GatewayReplies.REPLY, to.instance(), reply));
    }
}
