package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code media.events} (compacted, key fileId), type {@code file.deleted}. */
public record FileDeleted(@JsonProperty(required = true) UUID id, UUID ownerId) {
}
