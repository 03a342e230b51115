package io.parley.chat.subscriptions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An active subscription as the chat.events intake matches it ({@code channelIds} null: every channel). */
record ActiveSubscription(UUID id, UUID botId, String botUsername, List<String> events, List<UUID> channelIds,
        Instant createdAt) {

    boolean wants(String event, UUID channelId) {
        return events.contains(event) && (channelIds == null || channelIds.contains(channelId));
    }
}
