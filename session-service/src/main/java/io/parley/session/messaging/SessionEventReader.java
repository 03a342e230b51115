package io.parley.session.messaging;

import io.parley.events.Envelope;
import io.parley.events.data.InstanceHeartbeat;
import io.parley.events.data.InstanceStopped;
import io.parley.events.data.PresenceSet;
import io.parley.events.data.SessionClosed;
import io.parley.events.data.SessionOpened;
import io.parley.session.config.SessionsConfig;
import io.parley.session.domain.ChosenStatus;
import io.parley.session.domain.PresenceText;
import io.parley.session.domain.SessionEvents;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Turns session.events envelopes into typed events: the wire record of {@code io.parley.events.data}, then this
 * service's rules on it. Anything malformed is refused with an {@link IllegalArgumentException} (the listener logs
 * and skips it, so a bad record never stops the consumer).
 */
@ApplicationScoped
public class SessionEventReader {

    static final int MAX_INSTANCE = 128;
    static final int MAX_USER_AGENT = 512;
    static final int MAX_IP = 64;

    private final SessionsConfig config;

    public SessionEventReader(SessionsConfig config) {
        this.config = config;
    }

    public SessionEvents.Opened opened(Envelope envelope) {
        SessionOpened d = envelope.dataAs(SessionOpened.class);
        return new SessionEvents.Opened(id(d.sessionId(), "sessionId"), id(d.userId(), "userId"),
                instance(d.instance()), truncated(d.userAgent(), MAX_USER_AGENT), truncated(d.ip(), MAX_IP),
                time(d.connectedAt(), "connectedAt", envelope), d.familyId());
    }

    public SessionEvents.Closed closed(Envelope envelope) {
        SessionClosed d = envelope.dataAs(SessionClosed.class);
        return new SessionEvents.Closed(id(d.sessionId(), "sessionId"), id(d.userId(), "userId"),
                instance(d.instance()), time(d.closedAt(), "closedAt", envelope), d.code());
    }

    public SessionEvents.PresenceSet presenceSet(Envelope envelope) {
        PresenceSet d = envelope.dataAs(PresenceSet.class);
        ChosenStatus status = ChosenStatus.parse(d.status())
                .orElseThrow(() -> new IllegalArgumentException("unknown presence status"));
        String text = d.text() == null || d.text().isEmpty() ? null : d.text();
        if (!PresenceText.isValid(text)) {
            throw new IllegalArgumentException("presence text too long or with control characters");
        }
        return new SessionEvents.PresenceSet(id(d.sessionId(), "sessionId"), id(d.userId(), "userId"), status, text,
                envelopeTime(envelope));
    }

    public SessionEvents.Heartbeat heartbeat(Envelope envelope) {
        InstanceHeartbeat d = envelope.dataAs(InstanceHeartbeat.class);
        long intervalMs = d.intervalMs() != null && d.intervalMs() > 0
                ? d.intervalMs() : config.defaultHeartbeatInterval().toMillis();
        return new SessionEvents.Heartbeat(instance(d.instance()), Math.min(intervalMs, Integer.MAX_VALUE),
                envelopeTime(envelope));
    }

    public SessionEvents.InstanceStopped stopped(Envelope envelope) {
        return new SessionEvents.InstanceStopped(instance(envelope.dataAs(InstanceStopped.class).instance()),
                envelopeTime(envelope));
    }

    /** A required field present but {@code null} passes the wire record's check; it names nothing here. */
    private static UUID id(UUID id, String field) {
        if (id == null) {
            throw new IllegalArgumentException(field + " is not a UUID");
        }
        return id;
    }

    private static String instance(String instance) {
        if (instance == null || instance.isEmpty() || instance.length() > MAX_INSTANCE) {
            throw new IllegalArgumentException("instance missing or longer than " + MAX_INSTANCE);
        }
        return instance;
    }

    /** Informational fields are kept even when a client sends an absurd one: cut, not refused. */
    private static String truncated(String value, int max) {
        if (value == null) {
            return null;
        }
        return value.codePointCount(0, value.length()) <= max ? value
                : value.substring(0, value.offsetByCodePoints(0, max));
    }

    private static Instant time(String value, String field, Envelope envelope) {
        if (value == null) {
            return envelopeTime(envelope);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant");
        }
    }

    private static Instant envelopeTime(Envelope envelope) {
        return envelope.time() != null ? envelope.time() : Instant.now();
    }
}
