package io.parley.chat.service.commands;

import io.parley.chat.repository.MessageRepository;
import io.parley.chat.service.AccessPolicy;
import io.parley.chat.service.ChannelEventLog;
import io.parley.chat.service.CommandHandler;
import io.parley.chat.service.PayloadReader;

/**
 * The ops on an existing message (edit, delete, react): what each reads, checks, finds, writes and logs with.
 * Subclasses are {@code @Singleton}: final fields here leave no room for a client proxy.
 */
abstract class MessageCommandHandler implements CommandHandler {

    protected final PayloadReader reader;
    protected final AccessPolicy access;
    protected final LiveMessages live;
    protected final MessageRepository messages;
    protected final ChannelEventLog log;

    protected MessageCommandHandler(PayloadReader reader, AccessPolicy access, LiveMessages live,
            MessageRepository messages, ChannelEventLog log) {
        this.reader = reader;
        this.access = access;
        this.live = live;
        this.messages = messages;
        this.log = log;
    }
}
