package io.parley.session.rest;

import io.parley.kit.error.InvalidException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Parses ids from paths and query strings: only the canonical UUID form is accepted, anything else is INVALID. */
final class UuidParams {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private UuidParams() {
    }

    static UUID parse(String value, String name) {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw new InvalidException(name + " must be a UUID");
        }
        return UUID.fromString(value);
    }
}
