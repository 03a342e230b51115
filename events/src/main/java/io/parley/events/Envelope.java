package io.parley.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The CloudEvents-style record value on every Parley topic.
 *
 * @param id      unique per record, for consumers that dedupe
 * @param type    the record type, e.g. {@code message.created} or {@code instance.heartbeat}
 * @param source  the producing service instance, e.g. {@code gateway/host-8080}
 * @param time    when the producer created the record
 * @param subject the record key (channel, user, file or gateway instance id)
 * @param data    the payload, shaped per type as ARCHITECTURE.md lists
 */
public record Envelope(String id, String type, String source, Instant time, String subject, JsonNode data) {

    /** Kept for existing callers; new code uses {@link Envelopes#create(String, String, String, Object)}. */
    public static Envelope of(String type, String source, String subject, JsonNode data) {
        return Envelopes.create(type, source, subject, data);
    }

    /**
     * This envelope's data as a record of {@code io.parley.events.data}.
     *
     * @throws IllegalArgumentException when the data does not have that shape
     */
    public <T> T dataAs(Class<T> type) {
        return Envelopes.data(this, type);
    }
}
