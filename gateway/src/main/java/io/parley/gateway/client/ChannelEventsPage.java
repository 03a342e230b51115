package io.parley.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A page of a channel's committed events with {@code seq > after}, in seq order. */
public record ChannelEventsPage(String channelId, long lastSeq, List<Event> events) {

    public List<Event> eventsOrEmpty() {
        return events == null ? List.of() : events;
    }

    /** One event as the client sees it: type and the client {@code d} (with channelId and seq). */
    public record Event(String t, JsonNode d) {

        public long seq() {
            return d == null ? -1 : d.path("seq").asLong(-1);
        }
    }
}
