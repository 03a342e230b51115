package io.parley.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client frame whose envelope is well-formed: an {@code op}, the raw {@code id} node (validated per op), and
 * {@code d} when it is an object (null otherwise).
 */
public record InboundFrame(String op, JsonNode rawId, ObjectNode d) {

    public static final int MAX_ID_LENGTH = 64;

    /** The id when it is a string of 1–64 characters, else null. */
    public String id() {
        if (rawId == null || !rawId.isTextual()) {
            return null;
        }
        String id = rawId.textValue();
        return id.isEmpty() || id.length() > MAX_ID_LENGTH ? null : id;
    }

    public boolean hasId() {
        return rawId != null && !rawId.isNull();
    }
}
