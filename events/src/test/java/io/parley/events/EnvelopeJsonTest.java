package io.parley.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeJsonTest {

    @Test
    void envelopeRoundTripsWithIsoTime() {
        var data = EnvelopeJson.mapper().createObjectNode().put("instance", "gw-1");
        Envelope sent = Envelope.of("instance.heartbeat", "gateway/gw-1", "gw-1", data);
        String json = EnvelopeJson.write(sent);
        assertTrue(json.contains("\"time\":\"" + sent.time() + "\""), json);
        assertEquals(sent, EnvelopeJson.read(json));
    }

    @Test
    void unknownFieldsAreIgnoredAndGarbageIsRefused() {
        Envelope read = EnvelopeJson.read("{\"id\":\"1\",\"type\":\"t\",\"extra\":true}");
        assertEquals("t", read.type());
        assertThrows(IllegalArgumentException.class, () -> EnvelopeJson.read("not json"));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeJson.read("{\"id\":\"1\"}"));
    }
}
