package io.parley.session.domain;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A user's presence as others see it: the body of {@code presence.updated} and of GET /api/presence entries. */
public record PresenceState(UUID userId, String status, String text, OffsetDateTime lastSeenAt) {

    public static final String OFFLINE = "offline";

    public static PresenceState unknown(UUID userId) {
        return new PresenceState(userId, OFFLINE, null, null);
    }

    /** Same status and text: a change of lastSeenAt alone is not a presence change. */
    public boolean sameAs(String otherStatus, String otherText) {
        return status.equals(otherStatus) && Objects.equals(text, otherText);
    }
}
