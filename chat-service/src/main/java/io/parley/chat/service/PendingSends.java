package io.parley.chat.service;

import io.parley.chat.repository.ChannelEventRepository.NewEvent;
import io.parley.chat.repository.MessageRepository.NewMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * What a batch's sends write, held until the batch's transaction needs it: each message and its
 * {@code message.created} event, inserted in one statement per table ({@link ChannelEventLog#flush}) instead of two per
 * send, and each channel's last seq. The batch locks its channels' rows when it reads (in id order) and numbers its
 * sends from the seq it read; the seqs reached are written in one statement with the rows. A channel whose seq is not
 * known here takes its next seq from the database (which locks it), and is numbered here from then on.
 * The transaction flushes them before any statement that could read them or refer to them (a command other than a
 * send, a send's replay, reply check, slash command or attachments) and before it commits, so every statement in it
 * sees what it would have seen had each send inserted its rows at once. A failed flush fails the transaction as the
 * single inserts did.
 *
 * <p>Not thread-safe: like {@link BatchReads}, touched only from the transaction's connection.
 */
public final class PendingSends {

    private List<NewMessage> messages = new ArrayList<>();
    private List<NewEvent> events = new ArrayList<>();
    /** Each channel's last seq as this batch has it (its row locked by this transaction). */
    private final Map<UUID, Long> lastSeqs;
    /** The channels whose seq was taken here and is not yet written. */
    private final Set<UUID> taken = new HashSet<>();

    /** @param lockedSeqs the last seq of the channels whose rows the batch has locked */
    PendingSends(Map<UUID, Long> lockedSeqs) {
        this.lastSeqs = new HashMap<>(lockedSeqs);
    }

    /** The channel's next seq, taken here; empty when this batch does not know the channel's seq. */
    OptionalLong nextSeq(UUID channelId) {
        Long last = lastSeqs.get(channelId);
        if (last == null) {
            return OptionalLong.empty();
        }
        lastSeqs.put(channelId, last + 1);
        taken.add(channelId);
        return OptionalLong.of(last + 1);
    }

    /** The database gave the channel this seq (and its row lock): the next ones are taken here. */
    void seqFromDatabase(UUID channelId, long seq) {
        lastSeqs.put(channelId, seq);
    }

    public void message(NewMessage message) {
        messages.add(message);
    }

    void event(NewEvent event) {
        events.add(event);
    }

    boolean isEmpty() {
        return messages.isEmpty() && events.isEmpty() && taken.isEmpty();
    }

    /**
     * The last seq of each channel whose seq was taken here, to be written now. Every seq known here is forgotten:
     * a statement after the flush may take a channel's next seq itself.
     */
    Map<UUID, Long> takeSeqs() {
        Map<UUID, Long> reached = new HashMap<>();
        for (UUID channelId : taken) {
            reached.put(channelId, lastSeqs.get(channelId));
        }
        taken.clear();
        lastSeqs.clear();
        return reached;
    }

    /** The messages held so far, no longer held. */
    List<NewMessage> takeMessages() {
        List<NewMessage> taken = messages;
        messages = new ArrayList<>();
        return taken;
    }

    /** The events held so far, no longer held. */
    List<NewEvent> takeEvents() {
        List<NewEvent> taken = events;
        events = new ArrayList<>();
        return taken;
    }
}
