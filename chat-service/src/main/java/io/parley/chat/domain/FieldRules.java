package io.parley.chat.domain;

import io.parley.kit.error.InvalidException;

import java.util.UUID;

/** The contract's field limits (lengths in Unicode code points); each breach is an {@link InvalidException}. */
public final class FieldRules {

    public static final int MAX_TEXT = 4000;

    private FieldRules() {
    }

    public static String channelName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidException("name is required");
        }
        bounded("name", name, 1, 80);
        noControlCharacters("name", name);
        return name;
    }

    public static String topic(String topic) {
        if (topic == null) {
            return "";
        }
        bounded("topic", topic, 0, 250);
        noControlCharacters("topic", topic);
        return topic;
    }

    public static String visibility(String visibility) {
        if (!"public".equals(visibility) && !"private".equals(visibility)) {
            throw new InvalidException("visibility must be public or private");
        }
        return visibility;
    }

    /** Message text: up to 4000 code points, empty only when something is attached. */
    public static String text(String text, boolean hasAttachments) {
        if (text == null) {
            throw new InvalidException("text is required");
        }
        bounded("text", text, hasAttachments ? 0 : 1, MAX_TEXT);
        return text;
    }

    public static String clientMsgId(String id) {
        if (id == null) {
            throw new InvalidException("clientMsgId is required");
        }
        bounded("clientMsgId", id, 1, 64);
        return id;
    }

    public static String emoji(String emoji) {
        if (emoji == null) {
            throw new InvalidException("emoji is required");
        }
        bounded("emoji", emoji, 1, 32);
        noControlCharacters("emoji", emoji);
        return emoji;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidException(field + " is required");
        }
        return value;
    }

    public static UUID uuid(String field, String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidException(field + " must be a UUID");
        }
    }

    private static void bounded(String field, String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw new InvalidException(field + " must be " + min + "–" + max + " characters");
        }
    }

    private static void noControlCharacters(String field, String value) {
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidException(field + " must not contain control characters");
        }
    }
}
