package io.parley.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BenchPayloadTest {

    @Test
    void payloadIsFoundInsideAnyEventFrame() {
        BenchPayload sent = new BenchPayload('f', 12, 3, 1_764_400_000_123_456L);
        String frame = "{\"op\":\"event\",\"t\":\"message.created\",\"d\":{\"seq\":7,\"message\":{\"text\":\""
                + sent.text() + "\",\"seq\":7}}}";

        assertEquals(sent, BenchPayload.find(frame));
    }

    @Test
    void framesWithoutAPayloadOrWithACutOneYieldNothing() {
        assertNull(BenchPayload.find("{\"op\":\"ok\",\"id\":\"1\",\"d\":{\"seq\":3}}"));
        assertNull(BenchPayload.find("{\"text\":\"pb1:f:12:3\"}"));
        assertNull(BenchPayload.find("pb1:"));
    }
}
