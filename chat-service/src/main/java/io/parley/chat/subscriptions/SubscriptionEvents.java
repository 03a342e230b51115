package io.parley.chat.subscriptions;

import io.parley.events.EventTypes.ChatEvents;

import java.util.List;
import java.util.Set;

/** The event names a subscription may ask for: the channel events of chat.events, and {@code mention}. */
final class SubscriptionEvents {

    /** A {@code message.created} whose text names the bot ({@code @username}), delivered after that message. */
    static final String MENTION = "mention";

    static final List<String> ALL = List.of(ChatEvents.MESSAGE_CREATED, ChatEvents.MESSAGE_UPDATED,
            ChatEvents.MESSAGE_DELETED, ChatEvents.REACTION_ADDED, ChatEvents.REACTION_REMOVED,
            ChatEvents.MEMBER_JOINED, ChatEvents.MEMBER_LEFT, ChatEvents.MEMBER_UPDATED, MENTION);

    static final Set<String> KNOWN = Set.copyOf(ALL);

    private SubscriptionEvents() {
    }
}
