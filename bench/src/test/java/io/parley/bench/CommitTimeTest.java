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
}
