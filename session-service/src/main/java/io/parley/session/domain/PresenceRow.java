package io.parley.session.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A user's stored presence, read under its row lock, with the database's clock at that moment. */
public record PresenceRow(UUID userId, ChosenStatus chosen, String chosenText, OffsetDateTime lastSeenAt,
        OffsetDateTime offlineSince, PresenceState shown, OffsetDateTime now) {
}
