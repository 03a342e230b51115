package io.parley.session.rest;

/** The contract's error body: {@code {"code", "message"}}. */
public record ApiError(String code, String message) {
}
