package io.parley.session.domain;

import java.util.Locale;

/** Why the registry marked a session closed; kept on the row and used as a metrics tag. */
public enum CloseReason {
    /** the gateway reported the socket closed */
    CLOSED,
    /** the user or an admin revoked it (socket closed 4009) */
    REVOKED,
    /** the user was banned (sockets closed 4003) */
    BANNED,
    /** its gateway stopped gracefully */
    GATEWAY_STOPPED,
    /** its gateway missed its heartbeats */
    GATEWAY_EXPIRED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
