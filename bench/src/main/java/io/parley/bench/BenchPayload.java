package io.parley.bench;

/**
 * The message text the bench sends: {@code pb1:KIND:A:B:MICROS:}, where MICROS is the scheduled send time. Only
 * [a-z0-9:] so it needs no JSON escaping, and a receiver finds it by a substring scan instead of parsing the frame
 * (the client must stay cheap: it shares the CPUs with the server it measures).
 *
 * @param kind   {@code f} fan-out message, {@code p} DM ping, {@code q} DM pong
 * @param a      fan-out: message index; DM: pair index
 * @param b      fan-out: sender index; DM: ping index
 * @param micros scheduled send time (epoch µs, {@link BenchClock})
 */
public record BenchPayload(char kind, long a, long b, long micros) {

    private static final String MARK = "pb1:";

    public String text() {
        return MARK + kind + ':' + a + ':' + b + ':' + micros + ':';
    }

    /** The payload inside a frame, or null when the frame carries none (hello, ok, other events). */
    public static BenchPayload find(String frame) {
        return scan(frame::charAt, frame.length());
    }

    /** The same over a frame's raw UTF-8 bytes: the payload is ASCII, so no decoding is needed to find it. */
    public static BenchPayload find(io.vertx.core.buffer.Buffer frame) {
        return scan(i -> (char) frame.getByte(i), frame.length());
    }

    private interface Chars {
        char at(int index);
    }

    private static BenchPayload scan(Chars frame, int length) {
        int at = indexOfMark(frame, length);
        if (at < 0 || at + MARK.length() + 2 >= length) {
            return null;
        }
        int pos = at + MARK.length();
        char kind = frame.at(pos);
        pos += 2;
        long[] numbers = new long[3];
        for (int n = 0; n < 3; n++) {
            long value = 0;
            int start = pos;
            while (pos < length && Character.isDigit(frame.at(pos))) {
                value = value * 10 + (frame.at(pos++) - '0');
            }
            if (pos == start || pos >= length || frame.at(pos) != ':') {
                return null;
            }
            numbers[n] = value;
            pos++;
        }
        return new BenchPayload(kind, numbers[0], numbers[1], numbers[2]);
    }

    private static int indexOfMark(Chars frame, int length) {
        outer:
        for (int i = 0; i + MARK.length() <= length; i++) {
            for (int j = 0; j < MARK.length(); j++) {
                if (frame.at(i + j) != MARK.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
