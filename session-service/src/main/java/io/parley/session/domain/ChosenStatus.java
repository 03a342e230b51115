package io.parley.session.domain;

import java.util.Locale;
import java.util.Optional;

/** What a user may choose with {@code presence.set}; {@code invisible} is shown to others as offline. */
public enum ChosenStatus {
    ONLINE, AWAY, DND, INVISIBLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChosenStatus> parse(String value) {
        for (ChosenStatus s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The status others see while the user has a live session. */
    public String shownWhileLive() {
        return this == INVISIBLE ? PresenceState.OFFLINE : wire();
    }
}
