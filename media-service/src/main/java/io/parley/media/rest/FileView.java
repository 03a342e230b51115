package io.parley.media.rest;

import io.parley.media.domain.StoredFile;

/** The upload answer: {@code {id, name, size, contentType, sha256}}. */
public record FileView(String id, String name, long size, String contentType, String sha256) {

    FileView(StoredFile file) {
        this(file.id().toString(), file.name(), file.size(), file.contentType(), file.sha256());
    }
}
