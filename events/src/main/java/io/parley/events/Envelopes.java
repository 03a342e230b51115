package io.parley.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The one way to build an {@link Envelope} and to read its {@code data} as a record of {@code io.parley.events.data}.
 * Data is turned into JSON with {@link EnvelopeJson#mapper()}, so a record writes exactly the wire shape.
 */
public final class Envelopes {

    private Envelopes() {
    }

    /**
     * A new envelope: a random id, {@code time} = now.
     *
     * @param type    a constant of {@link EventTypes}
     * @param source  the producing instance, e.g. {@code gateway/host-8080}
     * @param subject the record key
     * @param data    a record of {@code io.parley.events.data}, or a {@link JsonNode} taken as is
     */
    public static Envelope create(String type, String source, String subject, Object data) {
        return create(UUID.randomUUID().toString(), type, source, Instant.now(), subject, data);
    }

    /** An envelope with a given id and time (e.g. chat.events: an id per (channel, seq), time = commit time). */
    public static Envelope create(String id, String type, String source, Instant time, String subject, Object data) {
        return new Envelope(id, type, source, time, subject, toData(data));
    }

    /** The JSON tree of a data record; a {@link JsonNode} is returned as is, {@code null} stays null. */
    public static JsonNode toData(Object data) {
        if (data == null || data instanceof JsonNode) {
            return (JsonNode) data;
        }
        try {
            return EnvelopeJson.mapper().valueToTree(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot encode data " + data.getClass().getSimpleName(), e);
        }
    }

    /**
     * The envelope's data as {@code type}.
     *
     * @throws IllegalArgumentException when data is missing, not an object, lacks a required field or has one of the
     *                                  wrong type (consumers log and skip such a record)
     */
    public static <T> T data(Envelope envelope, Class<T> type) {
        return fromData(envelope.data(), type, envelope.type());
    }

    /** A data tree (or part of one, e.g. the {@code d} of a {@code UserEvent}) as {@code type}. */
    public static <T> T fromData(JsonNode data, Class<T> type) {
        return fromData(data, type, type.getSimpleName());
    }

    private static <T> T fromData(JsonNode data, Class<T> type, String what) {
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException(what + " without a data object");
        }
        try {
            return EnvelopeJson.mapper().treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + what + " data: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed " + what + " data: " + e.getMessage(), e);
        }
    }
}
