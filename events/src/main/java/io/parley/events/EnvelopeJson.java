package io.parley.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

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

    /**
     * The envelope's {@code type}, read with the streaming parser up to that field and no further, so a consumer can
     * pass over the types it has no use for without building the record; null when the text is not a JSON object with
     * a string {@code type} (the full {@link #read} then says what is wrong with it).
     */
    public static String peekType(String json) {
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("type".equals(name)) {
                    return token == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A mapper configured like the wire form, for building {@code data} trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
