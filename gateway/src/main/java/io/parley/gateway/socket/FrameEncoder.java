package io.parley.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the server → client frames of PROTOCOL §3, each encoded to bytes exactly once. */
public final class FrameEncoder {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FrameEncoder() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static OutboundFrame ok(String id, JsonNode d) {
        ObjectNode frame = NODES.objectNode().put("op", "ok").put("id", id);
        frame.set("d", d == null ? NODES.objectNode() : d);
        return encode(frame);
    }

    /** @param code a contract code (the kit's {@code ErrorCode}) or a socket-only one ({@code FrameException.Code}) */
    public static OutboundFrame error(String id, String code, String message, Long retryAfterMs) {
        ObjectNode d = NODES.objectNode().put("code", code).put("message", message);
        if (retryAfterMs != null) {
            d.put("retryAfterMs", retryAfterMs);
        }
        ObjectNode frame = NODES.objectNode().put("op", "error");
        if (id == null) {
            frame.putNull("id");
        } else {
            frame.put("id", id);
        }
        frame.set("d", d);
        return encode(frame);
    }

    public static OutboundFrame pong(String id) {
        ObjectNode frame = NODES.objectNode().put("op", "pong");
        if (id != null) {
            frame.put("id", id);
        }
        return encode(frame);
    }

    /** {@code {"op":"event","t":type,"d":d}}, with {@code "replay":true} beside {@code op} for recovered events. */
    public static OutboundFrame event(String type, JsonNode d, boolean replay) {
        ObjectNode frame = NODES.objectNode().put("op", "event");
        if (replay) {
            frame.put("replay", true);
        }
        frame.put("t", type);
        frame.set("d", d);
        return encode(frame);
    }

    public static OutboundFrame encode(ObjectNode frame) {
        try {
            return new OutboundFrame(MAPPER.writeValueAsBytes(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a frame", e);
        }
    }
}
