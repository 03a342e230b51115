package io.parley.bench;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;

/** A thread-safe HdrHistogram of latencies in microseconds (1 µs to 10 min, 3 significant digits). */
public final class LatencyHistogram {

    private static final long MAX_MICROS = 600_000_000L;

    private final Histogram histogram = new Histogram(1, MAX_MICROS, 3);

    /** Records one latency; negative values (clock anchoring across processes) count as zero, huge ones are capped. */
    public synchronized void record(long micros) {
        histogram.recordValue(Math.min(Math.max(micros, 1), MAX_MICROS));
    }

    public synchronized void add(LatencyHistogram other) {
        histogram.add(other.snapshot());
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The percentile in milliseconds, or null when nothing was recorded. */
    public synchronized Double percentileMs(double percentile) {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Compressed and Base64-encoded, for a forked client process to hand its figures back. */
    public synchronized String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public static LatencyHistogram decode(String encoded) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(encoded));
            LatencyHistogram decoded = new LatencyHistogram();
            decoded.histogram.add(Histogram.decodeFromCompressedByteBuffer(buffer, 0));
            return decoded;
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    private synchronized Histogram snapshot() {
        return histogram.copy();
    }
}
