package io.parley.bench;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Waits after the last send until everything expected arrived, or nothing has arrived for a while. */
final class Drain {

    private Drain() {
    }

    /**
     * Returns when {@code complete} holds, when {@code progress} has not moved for {@code quietMs}, or after
     * {@code maxMs}; what is still missing then is reported as lost.
     */
    static void await(BooleanSupplier complete, LongSupplier progress, long quietMs, long maxMs)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMs;
        long last = progress.getAsLong();
        long lastMoved = System.currentTimeMillis();
        while (!complete.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                lastMoved = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastMoved > quietMs) {
                return;
            }
        }
    }
}
