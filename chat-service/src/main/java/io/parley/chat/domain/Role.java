package io.parley.chat.domain;

import java.util.Arrays;
import java.util.Optional;

/** A member's role in a channel; the wire name is the lower-case name. */
public enum Role {
    OWNER, MODERATOR, MEMBER;

    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<Role> parse(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
    }

    /** Owners and moderators invite, remove, update the channel and delete others' messages. */
    public boolean moderates() {
        return this == OWNER || this == MODERATOR;
    }
}
