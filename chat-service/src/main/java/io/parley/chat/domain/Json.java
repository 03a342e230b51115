package io.parley.chat.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.EnvelopeJson;

/** JSON text to and from trees, with the wire's mapper (payloads stored as jsonb are read back through it). */
public final class Json {

    private Json() {
    }

    public static ObjectNode object() {
        return EnvelopeJson.mapper().createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return EnvelopeJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            return EnvelopeJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is malformed", e);
        }
    }

    public static ObjectNode parseObject(String text) {
        try {
            return (ObjectNode) EnvelopeJson.mapper().readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored JSON is not an object", e);
        }
    }
}
