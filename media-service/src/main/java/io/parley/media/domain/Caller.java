package io.parley.media.domain;

import java.util.UUID;

/** The authenticated user behind a request: the token's {@code sub}, and whether its groups hold {@code admin}. */
public record Caller(UUID userId, boolean admin) {

    /** The uploader and admins may delete a file. */
    public boolean mayDelete(StoredFile file) {
        return admin || file.ownerId().equals(userId);
    }
}
