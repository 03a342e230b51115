package io.parley.bench;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommitTimeTest {

    @Test
    void readsTheServersCreatedAtInEpochMicros() {
        Buffer frame = Buffer.buffer("{\"op\":\"event\",\"d\":{\"message\":{\"text\":\"pb1:f:1:0:5:\","
                + "\"createdAt\":\"2026-11-29T12:00:00.123Z\"}}}");

        assertEquals(1_795_953_600_123_000L, CommitTime.findMicros(frame));
    }

    @Test
    void aFrameWithoutOneOrWithAnUnreadableOneGivesMinusOne() {
        assertEquals(-1, CommitTime.findMicros(Buffer.buffer("{\"op\":\"ok\"}")));
        assertEquals(-1, CommitTime.findMicros(Buffer.buffer("{\"createdAt\":\"yesterday\"}")));
    }

    @Test
    void perMessageParsesEachMessageOnceAndAReusedSlotAgain() {
        CommitTime.PerMessage times = new CommitTime.PerMessage(4);
        Buffer first = Buffer.buffer("{\"createdAt\":\"2026-11-29T12:00:00.123Z\"}");
        Buffer other = Buffer.buffer("{\"createdAt\":\"2026-11-29T12:00:01Z\"}");

        assertEquals(1_795_953_600_123_000L, times.micros(1, first));
        // the same message again: its time as first read, whatever this frame says
        assertEquals(1_795_953_600_123_000L, times.micros(1, other));
        // message 5 takes message 1's slot: read from its own frame, and message 1 is then read again
        assertEquals(1_795_953_601_000_000L, times.micros(5, other));
        assertEquals(1_795_953_600_123_000L, times.micros(1, first));
        assertEquals(-1, times.micros(2, Buffer.buffer("{\"op\":\"ok\"}")));
    }
}
