package io.parley.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.kit.error.InvalidException;

import java.util.UUID;

/** Reads and checks the fields of a frame's {@code d}; every violation is INVALID naming the field. */
public final class FrameFields {

    private final ObjectNode d;

    private FrameFields(ObjectNode d) {
        this.d = d;
    }

    public static FrameFields of(InboundFrame frame) {
        if (frame.d() == null) {
            throw new InvalidException("d must be an object");
        }
        return new FrameFields(frame.d());
    }

    public String uuid(String name) {
        String value = string(name, 36, 36);
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidException(name + " must be a UUID");
        }
        return value.toLowerCase();
    }

    public String optionalUuid(String name) {
        return isAbsent(name) ? null : uuid(name);
    }

    /** A string whose length in code points is within bounds, with no control characters but newline and tab. */
    public String string(String name, int minCodePoints, int maxCodePoints) {
        JsonNode node = d.get(name);
        if (node == null || !node.isTextual()) {
            throw new InvalidException(name + " must be a string");
        }
        String value = node.textValue();
        int length = value.codePointCount(0, value.length());
        if (length < minCodePoints || length > maxCodePoints) {
            throw new InvalidException(name + " must be " + minCodePoints + "–" + maxCodePoints + " characters");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
            throw new InvalidException(name + " must not contain control characters");
        }
        return value;
    }

    public String optionalString(String name, int maxCodePoints) {
        return isAbsent(name) ? null : string(name, 0, maxCodePoints);
    }

    public long nonNegativeLong(String name) {
        JsonNode node = d.get(name);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new InvalidException(name + " must be a non-negative integer");
        }
        return node.longValue();
    }

    public Long optionalNonNegativeLong(String name) {
        return isAbsent(name) ? null : nonNegativeLong(name);
    }

    public boolean bool(String name) {
        JsonNode node = d.get(name);
        if (node == null || !node.isBoolean()) {
            throw new InvalidException(name + " must be true or false");
        }
        return node.booleanValue();
    }

    /** An array of distinct-or-not UUID strings, at most {@code max}; absent means empty. */
    public java.util.List<String> uuidArray(String name, int max) {
        if (isAbsent(name)) {
            return java.util.List.of();
        }
        JsonNode node = d.get(name);
        if (!node.isArray() || node.size() > max) {
            throw new InvalidException(name + " must be an array of at most " + max + " ids");
        }
        java.util.List<String> ids = new java.util.ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new InvalidException(name + " must hold UUID strings");
            }
            try {
                ids.add(UUID.fromString(element.textValue()).toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidException(name + " must hold UUID strings");
            }
        }
        return ids;
    }

    public boolean isAbsent(String name) {
        JsonNode node = d.get(name);
        return node == null || node.isNull();
    }
}
