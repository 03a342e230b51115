package io.parley.events.data;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.UUID;

/** {@code media.events} (compacted, key fileId), type {@code file.uploaded}. */
public record FileUploaded(@JsonProperty(required = true) UUID id, @JsonProperty(required = true) UUID ownerId,
        String name, long size, String contentType) {
}
