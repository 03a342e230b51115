package io.parley.session.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentInstancesTest {

    @Test
    void aRecordedGatewayIsTrustedUntilCleared() {
        RecentInstances recent = new RecentInstances(Duration.ofDays(7));
        assertFalse(recent.contains("gw-a"));

        recent.add("gw-a");

        assertTrue(recent.contains("gw-a"));
        assertFalse(recent.contains("gw-b"));
        recent.clear();
        assertFalse(recent.contains("gw-a"));
    }

    @Test
    void trustLastsAtMostHalfTheRetentionAfterWhichTheSweepMayDeleteTheRow() throws InterruptedException {
        RecentInstances recent = new RecentInstances(Duration.ofMillis(100));
        recent.add("gw-a");

        Thread.sleep(60);

        assertFalse(recent.contains("gw-a"), "trusted past half the retention (50 ms)");
    }

    @Test
    void anUnexpectedCrowdOfNamesStaysBounded() {
        RecentInstances recent = new RecentInstances(Duration.ofDays(7));
        for (int i = 0; i < RecentInstances.MAX_ENTRIES; i++) {
            recent.add("gw-" + i);
        }
        assertTrue(recent.contains("gw-0"));

        recent.add("one-too-many");

        assertFalse(recent.contains("gw-0"));
        assertTrue(recent.contains("one-too-many"));
    }
}
