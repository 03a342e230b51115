package io.parley.media.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.events.EnvelopeJson;
import io.parley.events.Envelopes;
import io.parley.events.EventTypes.ChatEvents;
import org.junit.jupiter.api.Test;

/** The cheap read of a chat event's type that lets the listener pass over what the access list does not need. */
class EventTypePeekTest {

    @Test
    void readsTheTypeWhereverItIsAndWhateverComesBefore() {
        assertEquals("reaction.added", ChatEventsListener.typeOf(
                "{\"data\":{\"type\":\"not this\",\"list\":[1,{\"type\":2}]},\"id\":\"x\",\"type\":\"reaction.added\"}"));
        assertEquals(ChatEvents.MEMBER_JOINED, ChatEventsListener.typeOf("{\"type\":\"member.joined\",\"data\":{}}"));
    }

    @Test
    void readsTheTypeOfARealEnvelope() {
        String json = EnvelopeJson.write(Envelopes.create(ChatEvents.MESSAGE_UPDATED, "test", "c",
                EnvelopeJson.mapper().createObjectNode().put("seq", 3)));
        assertEquals(ChatEvents.MESSAGE_UPDATED, ChatEventsListener.typeOf(json));
    }

    @Test
    void anythingElseIsLeftToTheFullRead() {
        assertNull(ChatEventsListener.typeOf("not json"));
        assertNull(ChatEventsListener.typeOf("[\"type\"]"));
        assertNull(ChatEventsListener.typeOf("{\"type\":7}"));
        assertNull(ChatEventsListener.typeOf("{\"id\":\"x\"}"));
        assertNull(ChatEventsListener.typeOf("{\"id\":\"x\",\"type\""));
    }
}
