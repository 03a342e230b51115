package io.parley.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness keeps working: short runs against the bare Vert.x baseline (a few seconds, a few dozen sockets). No
 * timing is asserted; the real runs are too long for CI and their figures go to docs/benchmarks.md.
 */
class BaselineSmokeTest {

    @Test
    void fanoutDeliversEveryMessageToEverySubscriberExactlyOnce() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("baseline-fanout", "--subscribers", "40",
                "--senders", "2", "--rate", "20", "--duration", "3s", "--warmup", "1s"));

        assertEquals(0L, result.lost());
        assertEquals(0L, result.duplicated());
        assertTrue(result.deliveriesPerSec() > 0, "deliveries/s " + result.deliveriesPerSec());
        assertEquals(42, result.sockets());
        assertNotNull(result.p99Ms());
    }

    @Test
    void connectOpensEverySocketFromAForkedClientAndReadsServerMemory() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("baseline-connect", "--sockets", "30",
                "--sockets-per-process", "20", "--warmup", "0s"));

        assertEquals(30, result.sockets());
        assertTrue(result.handshakesPerSec() > 0);
        assertEquals(2, result.extra().get("clientProcesses"));
        assertNotNull(result.rssPerSocketKb(), "RSS is read from /proc of the server process");
    }

    @Test
    void dmRoundTripsEveryPing() throws Exception {
        BenchResult result = BenchRun.run(BenchOptions.parse("baseline-dm", "--pairs", "5", "--rate", "40",
                "--duration", "2s", "--warmup", "1s"));

        assertEquals(0L, result.lost());
        assertEquals(0L, result.duplicated());
        assertTrue(result.deliveriesPerSec() > 0);
    }
}
