package io.parley.gateway.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevokedSessionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aRevokedFamilyIsRefusedForTheKeepPeriodOnly() {
        RevokedSessions revoked = new RevokedSessions(Duration.ofMinutes(15), 10, now::get);
        revoked.revoke("a");
        assertTrue(revoked.isRevoked("a"));
        assertFalse(revoked.isRevoked("b"));
        assertFalse(revoked.isRevoked(null));
        now.addAndGet(Duration.ofMinutes(15).toMillis() - 1);
        assertTrue(revoked.isRevoked("a"));
        now.addAndGet(1);
        assertFalse(revoked.isRevoked("a"));
        assertEquals(0, revoked.size());
    }

    @Test
    void whenFullTheEntryNearestItsEndGoesFirst() {
        RevokedSessions revoked = new RevokedSessions(Duration.ofMinutes(15), 3, now::get);
        revoked.revoke("a");
        now.addAndGet(1000);
        revoked.revoke("b");
        now.addAndGet(1000);
        revoked.revoke("c");
        now.addAndGet(1000);
        revoked.revoke("d");
        assertEquals(3, revoked.size());
        assertFalse(revoked.isRevoked("a"));
        assertTrue(revoked.isRevoked("b"));
        assertTrue(revoked.isRevoked("c"));
        assertTrue(revoked.isRevoked("d"));
        // a repeated revoke of a kept family takes no other entry's place
        revoked.revoke("b");
        assertTrue(revoked.isRevoked("c"));
        assertEquals(3, revoked.size());
    }
}
