package io.parley.session.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A live session as the registry knows it; lastSeenAt includes its gateway's latest heartbeat. */
public record SessionRecord(UUID id, UUID userId, String gateway, String userAgent, String ip,
        OffsetDateTime connectedAt, OffsetDateTime lastSeenAt) {
}
