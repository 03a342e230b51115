package io.parley.chat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.repository.ChannelEventRepository;
import io.parley.chat.repository.ChannelEventRepository.NewEvent;
import io.parley.chat.repository.ChannelRepository;
import io.parley.chat.repository.MessageRepository;
import io.parley.chat.repository.UserEventOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
    private final MessageRepository messages;

    public ChannelEventLog(ChannelRepository channels, ChannelEventRepository events, UserEventOutbox userEvents,
            MessageRepository messages) {
        this.channels = channels;
        this.events = events;
        this.userEvents = userEvents;
        this.messages = messages;
    }

    /**
     * Takes the next seq and logs the event {@code {channelId, seq, ...body(seq)}}.
     *
     * @return the seq of the event
     */
    public Uni<Long> append(SqlClient tx, UUID channelId, String type, LongFunction<ObjectNode> body) {
        return append(tx, channelId, type, body, BatchReads.none());
    }

    /**
     * {@link #append(SqlClient, UUID, String, LongFunction)} in a batch: the event row joins the batch's pending
     * sends ({@link BatchReads#pendingSends}) when it has them, to be inserted by {@link #flush}.
     */
    public Uni<Long> append(SqlClient tx, UUID channelId, String type, LongFunction<ObjectNode> body,
            BatchReads batch) {
        Optional<PendingSends> pending = batch.pendingSends();
        return nextSeq(tx, channelId, pending).chain(seq -> {
            ObjectNode d = Json.object();
            d.put("channelId", channelId.toString());
            d.put("seq", seq);
            d.setAll(body.apply(seq));
            NewEvent event = new NewEvent(channelId, seq, type, d);
            if (pending.isPresent()) {
                pending.get().event(event);
                return Uni.createFrom().item(seq);
            }
            return events.insertAll(tx, List.of(event)).replaceWith(seq);
        });
    }

    /** The batch's next seq of the channel when it knows the channel's, otherwise the database's. */
    private Uni<Long> nextSeq(SqlClient tx, UUID channelId, Optional<PendingSends> pending) {
        if (pending.isPresent()) {
            OptionalLong seq = pending.get().nextSeq(channelId);
            if (seq.isPresent()) {
                return Uni.createFrom().item(seq.getAsLong());
            }
            return channels.nextSeq(tx, channelId).invoke(taken -> pending.get().seqFromDatabase(channelId, taken));
        }
        return channels.nextSeq(tx, channelId);
    }

    /**
     * Writes the batch's pending sends (messages and their events, a statement per table, and the seqs it took,
     * sent together); nothing when there are none. Every statement after it in the transaction sees them.
     */
    public Uni<Void> flush(SqlClient tx, BatchReads batch) {
        Optional<PendingSends> pending = batch.pendingSends();
        if (pending.isEmpty() || pending.get().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.combine().all()
                .unis(messages.insertAll(tx, pending.get().takeMessages()),
                        events.insertAll(tx, pending.get().takeEvents()),
                        channels.setSeqs(tx, pending.get().takeSeqs()))
                .discardItems();
    }

    /** Logs a user event ({@code channel.joined}, {@code mention}, …) for the relay to publish after commit. */
    public Uni<Void> toUser(SqlClient tx, UUID userId, String type, ObjectNode d) {
        return userEvents.insert(tx, userId, type, d);
    }
}
