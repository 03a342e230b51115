package io.parley.chat.subscriptions;

import java.util.List;
import java.util.UUID;

/** Request bodies of the subscription routes, read by the strict mapper (unknown fields are INVALID). */
final class SubscriptionRequests {

    private SubscriptionRequests() {
    }

    /** {@code POST /api/subscriptions}: {@code channelIds} absent means every channel the bot is a member of. */
    record Create(UUID botId, String url, List<String> events, List<UUID> channelIds) {
    }
}
