package io.parley.kit.rest;

import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;

import java.util.UUID;

/** Query and path parameters read the same way everywhere: a bad one is INVALID (or NOT_FOUND for an id) by name. */
public final class QueryParams {

    private QueryParams() {
    }

    /** A page size: absent means {@code fallback}; anything but an integer from 1 to {@code max} is INVALID. */
    public static int limit(String value, int fallback, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw new InvalidException("limit: must be an integer from 1 to " + max);
    }

    /** An id in a path: a malformed one names nothing, so it is NOT_FOUND like an unknown one. */
    public static UUID pathId(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException("no such " + what);
        }
    }
}
