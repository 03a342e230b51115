package io.parley.media.rest;

/** The error body of the contract: {@code {"code", "message"}}. */
public record ErrorBody(String code, String message) {
}
