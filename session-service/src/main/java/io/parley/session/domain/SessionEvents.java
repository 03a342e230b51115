package io.parley.session.domain;

import java.time.Instant;
import java.util.UUID;

/** What gateways report on session.events, validated and typed (docs/internal-contract.md gives the wire shapes). */
public final class SessionEvents {

    private SessionEvents() {
    }

    /** @param familyId the refresh-token family of the socket's access token; null when the gateway did not send it */
    public record Opened(UUID sessionId, UUID userId, String instance, String userAgent, String ip,
            Instant connectedAt, UUID familyId) {
    }

    public record Closed(UUID sessionId, UUID userId, String instance, Instant closedAt, Integer code) {
    }

    public record PresenceSet(UUID sessionId, UUID userId, ChosenStatus status, String text, Instant at) {
    }

    public record Heartbeat(String instance, long intervalMs, Instant at) {
    }

    public record InstanceStopped(String instance, Instant at) {
    }
}
