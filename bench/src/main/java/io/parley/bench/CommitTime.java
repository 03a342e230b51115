package io.parley.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
}
