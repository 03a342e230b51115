package io.parley.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends at fixed scheduled times regardless of how fast the server answers (open loop): message j is due at
 * {@code start + j / rate}. When this thread falls behind it catches up at once, and every latency is measured from
 * the scheduled time, so a slow server shows as latency, never as a lower send rate (no coordinated omission).
 */
public final class OpenLoopSchedule {

    /** Sends message {@code index}, due at {@code scheduledMicros} (epoch µs). */
    @FunctionalInterface
    public interface Send {
        void send(long index, long scheduledMicros);
    }

    private final double ratePerSec;
    private final long count;
    private long startMicros;
    private volatile long sent;
    private volatile long maxLagMicros;

    public OpenLoopSchedule(double ratePerSec, long count) {
        if (ratePerSec <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.ratePerSec = ratePerSec;
        this.count = count;
    }

    /** The number of messages a run of this length at this rate sends. */
    public static long countFor(double ratePerSec, java.time.Duration length) {
        return Math.max(1, Math.round(ratePerSec * length.toMillis() / 1000.0));
    }

    /** Runs the whole schedule on the calling thread; returns when the last message was handed to {@code send}. */
    public void run(Send send) {
        startMicros = BenchClock.micros();
        for (long j = 0; j < count; j++) {
            long due = scheduledMicros(j);
            long wait = due - BenchClock.micros();
            if (wait > 50) {
                LockSupport.parkNanos(wait * 1_000);
            }
            maxLagMicros = Math.max(maxLagMicros, BenchClock.micros() - due);
            send.send(j, due);
            sent = j + 1;
        }
    }

    public long scheduledMicros(long index) {
        return startMicros + Math.round(index * 1_000_000.0 / ratePerSec);
    }

    public long startMicros() {
        return startMicros;
    }

    public long sent() {
        return sent;
    }

    /** How late the sender ever got behind its schedule (the client's own saturation, reported with the figures). */
    public double maxLagMs() {
        return maxLagMicros / 1000.0;
    }
}
