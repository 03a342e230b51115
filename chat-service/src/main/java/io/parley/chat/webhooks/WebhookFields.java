package io.parley.chat.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.chat.domain.FieldRules;
import io.parley.kit.error.InvalidException;

import java.util.UUID;
import java.util.regex.Pattern;

/** The field rules of webhook bodies (lengths in Unicode code points), each breach an {@link InvalidException}. */
final class WebhookFields {

    static final int MAX_NAME = 80;
    static final int MAX_DISPLAY_NAME = 64;
    static final int MAX_IDEMPOTENCY_KEY = 64;

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private WebhookFields() {
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidException("name is required");
        }
        return label("name", name, MAX_NAME);
    }

    static UUID optionalUuid(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!CANONICAL_UUID.matcher(value).matches()) {
            throw new InvalidException(field + " must be a UUID");
        }
        return UUID.fromString(value);
    }

    /** A post's {@code text}: as a send's, 1–4000 code points. */
    static String text(JsonNode body) {
        JsonNode text = body.get("text");
        if (text == null || text.isNull()) {
            throw new InvalidException("text is required");
        }
        if (!text.isTextual()) {
            throw new InvalidException("text must be a string");
        }
        return FieldRules.text(text.textValue(), false);
    }

    /** An optional string field of a post: absent or null is null. */
    static String optional(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidException(field + " must be a string");
        }
        if (value.textValue().isBlank()) {
            throw new InvalidException(field + " must not be blank");
        }
        return label(field, value.textValue(), max);
    }

    private static String label(String field, String value, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > max) {
            throw new InvalidException(field + " must be 1–" + max + " characters");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidException(field + " must not contain control characters");
        }
        return value;
    }
}
