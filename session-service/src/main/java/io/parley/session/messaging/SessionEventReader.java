package io.parley.session.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.Envelope;
import io.parley.session.domain.ChosenStatus;
import io.parley.session.domain.PresenceText;
import io.parley.session.domain.SessionEvents;
import io.parley.session.config.SessionsConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Turns session.events envelopes into typed events, refusing anything malformed with an
 * {@link IllegalArgumentException} (the listener logs and skips it, so a bad record never stops the consumer).
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
        JsonNode d = data(envelope);
        return new SessionEvents.Opened(uuid(d, "sessionId"), uuid(d, "userId"), instance(d),
                truncated(d.path("userAgent"), MAX_USER_AGENT), truncated(d.path("ip"), MAX_IP),
                time(d, "connectedAt", envelope));
    }

    public SessionEvents.Closed closed(Envelope envelope) {
        JsonNode d = data(envelope);
        Integer code = d.path("code").canConvertToInt() ? d.path("code").intValue() : null;
        return new SessionEvents.Closed(uuid(d, "sessionId"), uuid(d, "userId"), instance(d),
                time(d, "closedAt", envelope), code);
    }

    public SessionEvents.PresenceSet presenceSet(Envelope envelope) {
        JsonNode d = data(envelope);
        ChosenStatus status = ChosenStatus.parse(d.path("status").asText(""))
                .orElseThrow(() -> new IllegalArgumentException("unknown presence status"));
        JsonNode textNode = d.path("text");
        String text = textNode.isTextual() ? textNode.textValue() : null;
        if (text != null && text.isEmpty()) {
            text = null;
        }
        if (!PresenceText.isValid(text)) {
            throw new IllegalArgumentException("presence text too long or with control characters");
        }
        return new SessionEvents.PresenceSet(uuid(d, "sessionId"), uuid(d, "userId"), status, text,
                envelopeTime(envelope));
    }

    public SessionEvents.Heartbeat heartbeat(Envelope envelope) {
        JsonNode d = data(envelope);
        long intervalMs = d.path("intervalMs").canConvertToLong() && d.path("intervalMs").longValue() > 0
                ? d.path("intervalMs").longValue() : config.defaultHeartbeatInterval().toMillis();
        return new SessionEvents.Heartbeat(instance(d), Math.min(intervalMs, Integer.MAX_VALUE), envelopeTime(envelope));
    }

    public SessionEvents.InstanceStopped stopped(Envelope envelope) {
        return new SessionEvents.InstanceStopped(instance(data(envelope)), envelopeTime(envelope));
    }

    private static JsonNode data(Envelope envelope) {
        if (envelope.data() == null || !envelope.data().isObject()) {
            throw new IllegalArgumentException("record without a data object");
        }
        return envelope.data();
    }

    private static UUID uuid(JsonNode d, String field) {
        try {
            return UUID.fromString(d.path(field).asText(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a UUID");
        }
    }

    private static String instance(JsonNode d) {
        String instance = d.path("instance").asText("");
        if (instance.isEmpty() || instance.length() > MAX_INSTANCE) {
            throw new IllegalArgumentException("instance missing or longer than " + MAX_INSTANCE);
        }
        return instance;
    }

    /** Informational fields are kept even when a client sends an absurd one: cut, not refused. */
    private static String truncated(JsonNode node, int max) {
        if (!node.isTextual()) {
            return null;
        }
        String value = node.textValue();
        return value.codePointCount(0, value.length()) <= max ? value
                : value.substring(0, value.offsetByCodePoints(0, max));
    }

    private static Instant time(JsonNode d, String field, Envelope envelope) {
        JsonNode node = d.path(field);
        if (node.isTextual()) {
            try {
                return Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + " is not an ISO-8601 instant");
            }
        }
        return envelopeTime(envelope);
    }

    private static Instant envelopeTime(Envelope envelope) {
        return envelope.time() != null ? envelope.time() : Instant.now();
    }
}
