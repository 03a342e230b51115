package io.parley.cli.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    private static Map<String, Object> send(String clientMsgId, String text) {
        return Map.of("channelId", "c1", "text", text, "clientMsgId", clientMsgId);
    }

    @Test
    void aSendWhoseAnswerTheSocketTookStaysWithItsClientMsgIdInTheOrderWritten() {
        Outbox outbox = new Outbox();
        outbox.add(send("m1", "first"));
        outbox.add(send("m2", "second"));
        assertTrue(outbox.failed("m1", "DISCONNECTED"), "the socket was lost before the answer: it may be stored");
        assertTrue(outbox.failed("m2", "UNAVAILABLE"), "the gateway had no answer in time: it may be stored");
        assertEquals(List.of(send("m1", "first"), send("m2", "second")), outbox.waiting());
    }

    @Test
    void theOkOrTheOwnMessageCreatedConfirmsOnce() {
        Outbox outbox = new Outbox();
        outbox.add(send("m1", "first"));
        assertTrue(outbox.confirmed("m1"));
        assertFalse(outbox.confirmed("m1"), "the second of ok and message.created finds nothing");
        assertFalse(outbox.failed("m1", "DISCONNECTED"), "an answer lost after the message.created changes nothing");
        assertEquals(0, outbox.size());
    }

    @Test
    void aRefusalEndsTheMessage() {
        Outbox outbox = new Outbox();
        outbox.add(send("m1", "too long"));
        outbox.add(send("m2", "fine"));
        assertFalse(outbox.failed("m1", "VALIDATION"));
        assertFalse(outbox.failed("m2", "FORBIDDEN"));
        assertEquals(List.of(), outbox.waiting());
    }
}
