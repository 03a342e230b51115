package io.parley.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A thread-safe HdrHistogram of latencies in microseconds (1 µs to 10 min, 3 significant digits). Every client
 * event loop records into it, so recording goes through a wait-free {@link Recorder}; reads fold it in.
 */
public final class LatencyHistogram {

    private static final long MAX_MICROS = 600_000_000L;

    private final Recorder recorder = new Recorder(1, MAX_MICROS, 3);
    private final Histogram histogram = new Histogram(1, MAX_MICROS, 3);

    /** Records one latency; negative values (clock anchoring across processes) count as zero, huge ones are capped. */
    public void record(long micros) {
        recorder.recordValue(Math.min(Math.max(micros, 1), MAX_MICROS));
    }

    private void fold() {
        histogram.add(recorder.getIntervalHistogram());
    }

    public synchronized void add(LatencyHistogram other) {
        fold();
        histogram.add(other.snapshot());
    }

    public synchronized long count() {
        fold();
        return histogram.getTotalCount();
    }

    /** The percentile in milliseconds, or null when nothing was recorded. */
    public synchronized Double percentileMs(double percentile) {
        fold();
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Compressed and Base64-encoded, for a forked client process to hand its figures back. */
    public synchronized String encode() {
        fold();
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
        fold();
        return histogram.copy();
    }
}
