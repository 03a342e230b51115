package io.parley.bench;

/**
 * Wall-clock microseconds with {@code System.nanoTime} resolution. Send times travel inside message texts, so every
 * bench process on this machine must agree on the epoch: each anchors the monotonic clock to the wall clock once.
 */
public final class BenchClock {

    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_EPOCH_MICROS = epochMicrosNow();

    private BenchClock() {
    }

    public static long micros() {
        return ANCHOR_EPOCH_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1_000;
    }

    private static long epochMicrosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
