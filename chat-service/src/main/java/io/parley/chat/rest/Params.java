package io.parley.chat.rest;

import io.parley.chat.domain.InvalidRequest;
import io.parley.chat.domain.NotFound;

import java.util.UUID;

/** Path and query parameters as the contract reads them: a bad path id is NOT_FOUND, a bad query value INVALID. */
final class Params {

    private Params() {
    }

    static UUID pathId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new NotFound("no such resource");
        }
    }

    static UUID queryId(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(name + " must be a UUID");
        }
    }

    static Long queryLong(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequest(name + " must be an integer");
        }
    }

    static Integer queryInt(String name, String value) {
        Long parsed = queryLong(name, value);
        if (parsed != null && (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE)) {
            throw new InvalidRequest(name + " is out of range");
        }
        return parsed == null ? null : parsed.intValue();
    }
}
