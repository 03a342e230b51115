package io.parley.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server's {@code createdAt} of a delivered message (chat-service's commit time; the baseline's broadcast time),
 * which splits a delivery's latency into send → commit and commit → socket. Milliseconds only, same machine clock.
 */
final class CommitTime {

    private static final byte[] FIELD = "\"createdAt\":\"".getBytes(StandardCharsets.US_ASCII);

    private CommitTime() {
    }

    /** Epoch microseconds of the first {@code createdAt} in the frame, or -1 when there is none. */
    static long findMicros(Buffer frame) {
        int length = frame.length();
        outer:
        for (int i = 0; i + FIELD.length < length; i++) {
            for (int j = 0; j < FIELD.length; j++) {
                if (frame.getByte(i + j) != FIELD[j]) {
                    continue outer;
                }
            }
            int start = i + FIELD.length;
            int end = start;
            while (end < length && frame.getByte(end) != '"') {
                end++;
            }
            try {
                Instant at = Instant.parse(frame.getString(start, end, "US-ASCII"));
                return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
            } catch (DateTimeParseException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Commit times by message: a message reaches every subscriber with the same {@code createdAt}, so it is parsed once
     * per message (in a 1,000-subscriber fan-out, once per thousand deliveries) instead of once per delivery, which
     * took a third of the bench client's CPU. A slot is reused modulo the slots' count; one holding another message is
     * parsed again. Thread-safe: each slot holds an immutable pair.
     */
    static final class PerMessage {

        private final AtomicReferenceArray<long[]> slots;

        PerMessage(int slots) {
            this.slots = new AtomicReferenceArray<>(slots);
        }

        /** {@link #findMicros} of the message's frame, parsed once per message index (non-negative). */
        long micros(int message, Buffer frame) {
            int slot = message % slots.length();
            long[] known = slots.get(slot);
            if (known != null && known[0] == message) {
                return known[1];
            }
            long micros = findMicros(frame);
            slots.set(slot, new long[] {message, micros});
            return micros;
        }
    }
}
