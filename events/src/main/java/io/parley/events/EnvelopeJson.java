package io.parley.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON form of an {@link Envelope} on the wire: {@code time} as an ISO-8601 string, unknown fields ignored
 * (so a newer producer never breaks an older consumer).
 */
public final class EnvelopeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EnvelopeJson() {
    }

    public static String write(Envelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode envelope " + envelope.type(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not an envelope; consumers log and skip such a record */
    public static Envelope read(String json) {
        try {
            Envelope envelope = MAPPER.readValue(json, Envelope.class);
            if (envelope.type() == null) {
                throw new IllegalArgumentException("envelope without a type");
            }
            return envelope;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Parley envelope: " + e.getOriginalMessage(), e);
        }
    }

    /** A mapper configured like the wire form, for building {@code data} trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
