package io.parley.gateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One channel's committed events, as chat-service's channel_events table: seq from 1, gap-free. */
public final class ChannelLog {

    private final String channelId;
    private final List<JsonObject> events = new ArrayList<>();

    ChannelLog(String channelId) {
        this.channelId = channelId;
    }

    /** Commits an event: {@code d} gets channelId and the next seq. */
    public synchronized JsonObject append(String type, JsonObject fields) {
        JsonObject d = fields.copy().put("channelId", channelId).put("seq", (long) events.size() + 1);
        JsonObject event = new JsonObject().put("t", type).put("d", d);
        events.add(event);
        return event;
    }

    public synchronized long lastSeq() {
        return events.size();
    }

    synchronized JsonObject page(long after, int limit) {
        JsonArray page = new JsonArray();
        for (int i = (int) Math.max(0, after); i < events.size() && page.size() < limit; i++) {
            page.add(events.get(i));
        }
        return new JsonObject().put("channelId", channelId).put("lastSeq", (long) events.size()).put("events", page);
    }
}
