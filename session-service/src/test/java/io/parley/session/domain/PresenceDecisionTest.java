package io.parley.session.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The presence rule on its own: grace period, invisible, what counts as a change. */
class PresenceDecisionTest {

    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC);
    private final UUID user = UUID.randomUUID();

    private PresenceRow row(ChosenStatus chosen, String shownStatus, OffsetDateTime offlineSince) {
        return new PresenceRow(user, chosen, "text", NOW.minusMinutes(1), offlineSince,
                new PresenceState(user, shownStatus, "offline".equals(shownStatus) ? null : "text", NOW.minusMinutes(1)),
                NOW);
    }

    @Test
    void lastSessionGoneWithinGraceKeepsWhatOthersSee() {
        PresenceDecision d = PresenceDecision.decide(row(ChosenStatus.AWAY, "away", null), 0, null, GRACE);
        assertFalse(d.changed());
        assertEquals("away", d.shown().status());
        assertEquals(NOW, d.offlineSince());
    }

    @Test
    void lastSessionGoneForTheWholeGraceIsOffline() {
        PresenceDecision d = PresenceDecision.decide(row(ChosenStatus.ONLINE, "online", NOW.minus(GRACE)), 0, null,
                GRACE);
        assertTrue(d.changed());
        assertEquals("offline", d.shown().status());
        assertNull(d.shown().text());
    }

    @Test
    void liveInvisibleUserIsShownOfflineWithoutText() {
        PresenceDecision d = PresenceDecision.decide(row(ChosenStatus.INVISIBLE, "online", null), 1, NOW.toInstant(),
                GRACE);
        assertTrue(d.changed());
        assertEquals("offline", d.shown().status());
        assertNull(d.shown().text());
        assertNull(d.offlineSince());
    }

    @Test
    void reconnectWithinGraceIsNoChange() {
        PresenceDecision d = PresenceDecision.decide(row(ChosenStatus.ONLINE, "online", NOW.minusSeconds(3)), 1,
                NOW.toInstant(), GRACE);
        assertFalse(d.changed());
        assertNull(d.offlineSince());
        assertEquals(NOW, d.lastSeenAt());
    }
}
