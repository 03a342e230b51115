package io.parley.kit.rest;

import io.parley.kit.error.InvalidException;
import io.parley.kit.error.NotFoundException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Query and path parameters read the same way everywhere: a bad one is INVALID (or NOT_FOUND for an id) by name. */
public final class QueryParams {

    // only the canonical form: UUID.fromString also takes "1-1-1-1-1", which no id of ours ever is
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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

    /** A required id in a query or path where a malformed one is the client's mistake: INVALID, by name. */
    public static UUID uuid(String name, String value) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            throw new InvalidException(name + " must be a UUID");
        }
        return UUID.fromString(value);
    }

    /** An optional id in a query: absent (or empty) is null, anything but a UUID INVALID. */
    public static UUID optionalUuid(String name, String value) {
        return value == null || value.isEmpty() ? null : uuid(name, value);
    }

    /** An optional integer in a query (a seq, a cursor): absent (or empty) is null, anything else INVALID. */
    public static Long optionalLong(String name, String value) {
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
