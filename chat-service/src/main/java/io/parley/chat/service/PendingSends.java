package io.parley.chat.service;

import io.parley.chat.repository.ChannelEventRepository.NewEvent;
import io.parley.chat.repository.MessageRepository.NewMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows a batch's sends write, each message and its {@code message.created} event, held until the batch's
 * transaction needs them and then inserted in two statements ({@link ChannelEventLog#flush}) instead of two per send.
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

    public void message(NewMessage message) {
        messages.add(message);
    }

    void event(NewEvent event) {
        events.add(event);
    }

    boolean isEmpty() {
        return messages.isEmpty() && events.isEmpty();
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
