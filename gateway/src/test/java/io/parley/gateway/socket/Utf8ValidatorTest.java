package io.parley.gateway.socket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental validator behind the UTF-8 guard agrees with the JDK's strict decoder, wherever the input is cut. */
class Utf8ValidatorTest {

    private static boolean valid(byte[] bytes, int... cuts) {
        RawSockets.Utf8Validator validator = new RawSockets.Utf8Validator();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            if (!validator.feed(Arrays.copyOfRange(bytes, from, to))) {
                return false;
            }
            from = to;
        }
        return validator.isComplete();
    }

    private static boolean jdk(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] b(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void validTextInAnyCutsIsValid() {
        byte[] text = "aé€😀z\u07FF\uFFFD\uD7FF\uE000".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= text.length; cut++) {
            assertTrue(valid(text, cut), "cut at " + cut);
        }
        assertTrue(valid(b(0xF4, 0x8F, 0xBF, 0xBF), 1, 2, 3)); // U+10FFFF, byte by byte
    }

    @Test
    void invalidSequencesAreRefused() {
        assertFalse(valid(b(0xC3, 0x28)));             // lead byte without continuation
        assertFalse(valid(b(0xC0, 0xAF)));             // overlong '/'
        assertFalse(valid(b(0xE0, 0x80, 0xAF)));       // overlong 3-byte
        assertFalse(valid(b(0xED, 0xA0, 0x80), 1, 2)); // surrogate U+D800, cut byte by byte
        assertFalse(valid(b(0xF4, 0x90, 0x80, 0x80))); // above U+10FFFF
        assertFalse(valid(b(0xF5, 0x80, 0x80, 0x80)));
        assertFalse(valid(b(0x80)));                   // stray continuation
        assertFalse(valid(b(0xFF)));
        assertFalse(valid(b('a', 0xE2, 0x82), 2));     // ends inside a character
    }

    @Test
    void agreesWithTheJdkOnRandomBytesCutAnywhere() {
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly the interesting high range, so multi-byte sequences (valid and not) are common
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            int cut = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            assertEquals(jdk(bytes), valid(bytes, cut), () -> Arrays.toString(bytes) + " cut at " + cut);
        }
    }
}
