package io.parley.events.data;

/** The {@code error} of a {@link Reply}: a PROTOCOL §3 error code ({@code INVALID}, {@code NOT_FOUND}, …) and text. */
public record ReplyError(String code, String message) {
}
