package io.parley.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.events.EventTypes.ChatEvents;
import org.junit.jupiter.api.Test;

/** The cheap read of an envelope's type that lets a consumer pass over the records it does not need. */
class EnvelopeTypePeekTest {

    @Test
    void readsTheTypeWhereverItIsAndWhateverComesBefore() {
        assertEquals("reaction.added", EnvelopeJson.peekType(
                "{\"data\":{\"type\":\"not this\",\"list\":[1,{\"type\":2}]},\"id\":\"x\",\"type\":\"reaction.added\"}"));
        assertEquals(ChatEvents.MEMBER_JOINED, EnvelopeJson.peekType("{\"type\":\"member.joined\",\"data\":{}}"));
    }

    @Test
    void readsTheTypeOfARealEnvelope() {
        String json = EnvelopeJson.write(Envelopes.create(ChatEvents.MESSAGE_UPDATED, "test", "c",
                EnvelopeJson.mapper().createObjectNode().put("seq", 3)));
        assertEquals(ChatEvents.MESSAGE_UPDATED, EnvelopeJson.peekType(json));
    }

    @Test
    void anythingElseIsLeftToTheFullRead() {
        assertNull(EnvelopeJson.peekType("not json"));
        assertNull(EnvelopeJson.peekType("[\"type\"]"));
        assertNull(EnvelopeJson.peekType("{\"type\":7}"));
        assertNull(EnvelopeJson.peekType("{\"id\":\"x\"}"));
        assertNull(EnvelopeJson.peekType("{\"id\":\"x\",\"type\""));
    }
}
