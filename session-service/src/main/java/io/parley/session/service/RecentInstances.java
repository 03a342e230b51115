package io.parley.session.service;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gateways whose {@code gateway_instances} row this service wrote or found in a committed transaction a moment ago,
 * so that a storm of sessions opened on one gateway (a rolling restart's reconnects) does not upsert the same row
 * once per session. An entry is trusted for a minute at most, and for half the retention after which the sweep
 * deletes a silent gateway that holds no live session (the only way the row goes away), so a row deleted by another
 * instance's sweep is written again soon. Bounded: gateways are few, an unexpected crowd of names just clears it.
 */
final class RecentInstances {

    static final Duration MAX_TRUST = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 1024;

    private final ConcurrentHashMap<String, Long> recordedAtNanos = new ConcurrentHashMap<>();
    private final long trustNanos;

    RecentInstances(Duration retention) {
        Duration half = retention.dividedBy(2);
        this.trustNanos = (half.compareTo(MAX_TRUST) < 0 ? half : MAX_TRUST).toNanos();
    }

    boolean contains(String instance) {
        Long at = recordedAtNanos.get(instance);
        return at != null && System.nanoTime() - at < trustNanos;
    }

    void add(String instance) {
        if (recordedAtNanos.size() >= MAX_ENTRIES) {
            recordedAtNanos.clear();
        }
        recordedAtNanos.put(instance, System.nanoTime());
    }

    void clear() {
        recordedAtNanos.clear();
    }
}
