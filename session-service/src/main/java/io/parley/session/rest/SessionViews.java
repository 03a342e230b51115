package io.parley.session.rest;

import io.parley.session.domain.SessionRecord;
import io.parley.session.domain.UtcMillis;

import java.util.List;
import java.util.UUID;

/** The response bodies of the session routes. */
final class SessionViews {

    private SessionViews() {
    }

    /** One of the caller's own sessions (PROTOCOL §2). */
    record Own(UUID id, String connectedAt, String lastSeenAt, String userAgent, String gateway) {
        static Own of(SessionRecord s) {
            return new Own(s.id(), UtcMillis.format(s.connectedAt()), UtcMillis.format(s.lastSeenAt()), s.userAgent(),
                    s.gateway());
        }
    }

    /** A session as an admin sees it: whose it is and from where. */
    record Admin(UUID id, UUID userId, String connectedAt, String lastSeenAt, String userAgent, String gateway,
            String ip) {
        static Admin of(SessionRecord s) {
            return new Admin(s.id(), s.userId(), UtcMillis.format(s.connectedAt()), UtcMillis.format(s.lastSeenAt()),
                    s.userAgent(), s.gateway(), s.ip());
        }
    }

    record OwnList(List<Own> sessions) {
    }

    record AdminList(List<Admin> sessions) {
    }
}
