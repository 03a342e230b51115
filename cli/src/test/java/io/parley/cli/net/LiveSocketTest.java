package io.parley.cli.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSocketTest {

    @Test
    void backoffIsFullJitterUnderAnExponentialCeilingWithACap() {
        assertEquals(1000, LiveSocket.backoffMs(1, 0, 0.9999999), 1, "attempt 1: up to 1 s");
        assertEquals(2000, LiveSocket.backoffMs(2, 0, 0.9999999), 1);
        assertEquals(LiveSocket.BACKOFF_CAP_MS, LiveSocket.backoffMs(30, 0, 0.9999999), 1, "capped");
        assertEquals(0, LiveSocket.backoffMs(5, 0, 0.0), "full jitter reaches down to nothing");
        assertEquals(1000, LiveSocket.backoffMs(5, 1000, 0.0), "a server going away (1001) waits at least 1 s");
        for (int attempt = 1; attempt < 20; attempt++) {
            long delay = LiveSocket.backoffMs(attempt, 100, Math.random());
            assertTrue(delay >= 100 && delay <= LiveSocket.BACKOFF_CAP_MS, String.valueOf(delay));
        }
    }
}
