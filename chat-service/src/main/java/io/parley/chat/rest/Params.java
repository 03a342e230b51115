package io.parley.chat.rest;

import io.parley.kit.error.InvalidException;

import java.util.UUID;

/**
 * Optional query values of chat's routes: absent is null, a value of the wrong type INVALID. Path ids and page limits
 * are read with the kit's {@code QueryParams}.
 */
final class Params {

    private Params() {
    }

    static UUID queryId(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidException(name + " must be a UUID");
        }
    }

    static Long queryLong(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidException(name + " must be an integer");
        }
    }
}
