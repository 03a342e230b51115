package io.parley.chat.subscriptions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.chat.domain.Json;
import io.parley.chat.domain.WireTime;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A subscription as stored (the secret stays in the database; views never carry it). */
record SubscriptionRow(UUID id, UUID botId, UUID ownerId, String url, List<String> events, List<UUID> channelIds,
        OffsetDateTime createdAt, boolean active, String disabledReason, OffsetDateTime disabledAt) {

    /** The view of PROTOCOL's bots section: {@code channelIds} null means every channel of the bot. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id.toString());
        json.put("botId", botId.toString());
        json.put("url", url);
        ArrayNode names = json.putArray("events");
        events.forEach(names::add);
        if (channelIds == null) {
            json.putNull("channelIds");
        } else {
            ArrayNode ids = json.putArray("channelIds");
            channelIds.forEach(c -> ids.add(c.toString()));
        }
        json.put("active", active);
        json.put("createdAt", WireTime.format(createdAt));
        if (disabledReason != null) {
            json.put("disabledReason", disabledReason);
        }
        if (disabledAt != null) {
            json.put("disabledAt", WireTime.format(disabledAt));
        }
        return json;
    }
}
