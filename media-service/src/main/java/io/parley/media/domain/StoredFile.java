package io.parley.media.domain;

import io.parley.kit.caller.Caller;

import java.time.Instant;
import java.util.UUID;

/** One uploaded file's metadata; its encrypted bytes are in the blob store under {@code storageKey}. */
public record StoredFile(UUID id, UUID ownerId, String name, long size, String contentType, String sha256,
        String storageKey, Instant createdAt) {

    /** Blob key of a file's bytes: fanned out by the id's first characters so no directory grows huge. */
    public static String blobKey(UUID id) {
        String hex = id.toString();
        return "files/" + hex.substring(0, 2) + "/" + hex;
    }

    /** Prefix under which a file's cached thumbnails live. */
    public static String thumbnailPrefix(UUID id) {
        return "thumbnails/" + id;
    }

    /** The uploader and admins may delete a file. */
    public boolean deletableBy(Caller caller) {
        return caller.admin() || ownerId.equals(caller.userId());
    }

    /** A strong validator: the content hash itself. */
    public String etag() {
        return "\"" + sha256 + "\"";
    }
}
