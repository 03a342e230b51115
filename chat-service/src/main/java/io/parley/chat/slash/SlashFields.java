package io.parley.chat.slash;

import io.parley.kit.error.InvalidException;

/** Limits of a command's description (1–200) and usage hint (0–100), in code points, no control characters. */
final class SlashFields {

    private SlashFields() {
    }

    static String description(String description) {
        if (description == null || description.isBlank()) {
            throw new InvalidException("description is required");
        }
        return bounded("description", description, 200);
    }

    static String usage(String usage) {
        return usage == null ? "" : bounded("usage", usage, 100);
    }

    private static String bounded(String field, String value, int max) {
        if (value.codePointCount(0, value.length()) > max) {
            throw new InvalidException(field + " must be at most " + max + " characters");
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidException(field + " must not contain control characters");
        }
        return value;
    }
}
