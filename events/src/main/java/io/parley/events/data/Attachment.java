package io.parley.events.data;

import java.util.UUID;

/** One attachment of a {@link ChatMessage}: the file as PROTOCOL §2 shows it. */
public record Attachment(UUID id, String name, long size, String contentType) {
}
