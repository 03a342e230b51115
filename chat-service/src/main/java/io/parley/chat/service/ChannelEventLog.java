package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.ChannelEventRepository;
import io.parley.chat.repository.ChannelRepository;
import io.parley.chat.repository.UserEventOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Appends events in the caller's transaction: a channel event takes the channel's next seq and lands in the outbox
 * with it, so seq is gap-free and its event is published if and only if the change committed.
 */
@ApplicationScoped
public class ChannelEventLog {

    private final ChannelRepository channels;
    private final ChannelEventRepository events;
    private final UserEventOutbox userEvents;

    public ChannelEventLog(ChannelRepository channels, ChannelEventRepository events, UserEventOutbox userEvents) {
        this.channels = channels;
        this.events = events;
        this.userEvents = userEvents;
    }

    /**
     * Takes the next seq and logs the event {@code {channelId, seq, ...body(seq)}}.
     *
     * @return the seq of the event
     */
    public Uni<Long> append(SqlClient tx, UUID channelId, String type, LongFunction<ObjectNode> body) {
        return channels.nextSeq(tx, channelId).chain(seq -> {
            ObjectNode d = Json.object();
            d.put("channelId", channelId.toString());
            d.put("seq", seq);
            d.setAll(body.apply(seq));
            return events.insert(tx, channelId, seq, type, d).replaceWith(seq);
        });
    }

    /** Logs a user event ({@code channel.joined}, {@code mention}, …) for the relay to publish after commit. */
    public Uni<Void> toUser(SqlClient tx, UUID userId, String type, ObjectNode d) {
        return userEvents.insert(tx, userId, type, d);
    }
}
