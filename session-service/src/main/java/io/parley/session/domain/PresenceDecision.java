package io.parley.session.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What a user's presence becomes, given the stored row, how many sessions are live and the grace period.
 *
 * @param lastSeenAt   the user's latest activity
 * @param offlineSince when the last live session went away (null while one is live)
 * @param shown        what others see from now on
 * @param changed      whether others must be told (status or text differ from what they were shown)
 */
public record PresenceDecision(OffsetDateTime lastSeenAt, OffsetDateTime offlineSince, PresenceState shown,
        boolean changed) {

    public static PresenceDecision decide(PresenceRow row, long liveSessions, Instant activityAt, Duration grace) {
        OffsetDateTime lastSeen = latest(row.lastSeenAt(), activityAt);
        OffsetDateTime offlineSince;
        String status;
        String text;
        if (liveSessions > 0) {
            offlineSince = null;
            status = row.chosen().shownWhileLive();
            // an invisible user's text would betray them
            text = PresenceState.OFFLINE.equals(status) ? null : row.chosenText();
        } else {
            offlineSince = row.offlineSince() != null ? row.offlineSince() : row.now();
            boolean graceOver = !row.now().isBefore(offlineSince.plus(grace));
            if (graceOver || PresenceState.OFFLINE.equals(row.shown().status())) {
                status = PresenceState.OFFLINE;
                text = null;
            } else {
                // within the grace period others keep seeing the last state, so a quick reconnect does not flap
                status = row.shown().status();
                text = row.shown().text();
            }
        }
        boolean changed = !row.shown().sameAs(status, text);
        OffsetDateTime shownLastSeen = changed ? lastSeen : row.shown().lastSeenAt();
        return new PresenceDecision(lastSeen, offlineSince, new PresenceState(row.userId(), status, text, shownLastSeen),
                changed);
    }

    private static OffsetDateTime latest(OffsetDateTime stored, Instant activity) {
        if (activity == null) {
            return stored;
        }
        OffsetDateTime at = activity.atOffset(ZoneOffset.UTC);
        return stored == null || at.isAfter(stored) ? at : stored;
    }
}
