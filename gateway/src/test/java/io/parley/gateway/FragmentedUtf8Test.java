package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.RawWebSocket;
import io.parley.gateway.support.TestSocket;
import io.parley.gateway.support.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A text message sent as fragments (a first TEXT frame, then CONTINUATION frames) is UTF-8-checked as the one byte
 * stream it is: a character split across fragments is valid and served, bad bytes in any fragment, or a message that
 * ends inside a character, close 1007 exactly like a single-frame message (PROTOCOL §3, RFC 6455 §8.1).
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class FragmentedUtf8Test extends GatewayTest {

    private RawWebSocket open() throws Exception {
        RawWebSocket socket = RawWebSocket.connect(port(), Map.of("Authorization", "Bearer " + Tokens.valid(newId()),
                "X-Forwarded-For", TestSocket.randomIp()), 0);
        assertThat(socket.status, is(101));
        assertThat(socket.readUntil("\"hello\"").opcode(), is(RawWebSocket.TEXT));
        return socket;
    }

    /** Sends the message as fragments cut at the given byte offsets. */
    private static void sendFragmented(RawWebSocket socket, byte[] message, int... cuts) throws Exception {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : message.length;
            socket.send(i == cuts.length, i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION,
                    Arrays.copyOfRange(message, from, to));
            from = to;
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                for (int b : (int[]) part) {
                    out.write(b);
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void charactersSplitAcrossFragmentsAreValidAndServed() throws Exception {
        // é (2 bytes), € (3 bytes) and 😀 (4 bytes), each cut in the middle by a fragment boundary
        String id = "frag-é€😀";
        byte[] message = ("{\"op\":\"ping\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        int e = indexOf(message, (byte) 0xC3);
        int euro = indexOf(message, (byte) 0xE2);
        int smiley = indexOf(message, (byte) 0xF0);
        try (RawWebSocket socket = open()) {
            sendFragmented(socket, message, e + 1, euro + 1, euro + 2, smiley + 3);
            RawWebSocket.Frame pong = socket.readUntil("\"pong\"");
            assertThat(pong.opcode(), is(RawWebSocket.TEXT));
            assertThat(new JsonObject(pong.text()).getString("id"), is(id));
            // and the socket keeps working
            socket.sendText("{\"op\":\"ping\",\"id\":\"after\"}");
            assertThat(new JsonObject(socket.readUntil("\"after\"").text()).getString("op"), is("pong"));
        }
    }

    @Test
    void invalidBytesInAContinuationFrameClose1007() throws Exception {
        // 0xC3 0x28: a lead byte followed by no continuation byte, in the second fragment only
        byte[] message = bytes("{\"op\":\"ping\",\"id\":\"x", new int[] {0xC3, 0x28}, "\"}");
        try (RawWebSocket socket = open()) {
            sendFragmented(socket, message, 10);
            assertThat(closeCode(socket), is(1007));
        }
    }

    @Test
    void invalidBytesInTheFirstOfSeveralFragmentsClose1007() throws Exception {
        // an overlong encoding of '/' (0xC0 0xAF) in the first fragment, the rest valid
        byte[] message = bytes("{\"op\":\"ping\",\"id\":\"", new int[] {0xC0, 0xAF}, "\",\"pad\":\"", "x".repeat(50), "\"}");
        try (RawWebSocket socket = open()) {
            sendFragmented(socket, message, 30, 60);
            assertThat(closeCode(socket), is(1007));
        }
    }

    @Test
    void aSurrogateSplitAcrossFragmentsCloses1007() throws Exception {
        // U+D800 encoded (0xED 0xA0 0x80) is not UTF-8 even though each fragment alone looks like a valid prefix
        byte[] message = bytes("{\"op\":\"ping\",\"id\":\"", new int[] {0xED, 0xA0, 0x80}, "\"}");
        int lead = indexOf(message, (byte) 0xED);
        try (RawWebSocket socket = open()) {
            sendFragmented(socket, message, lead + 1, lead + 2);
            assertThat(closeCode(socket), is(1007));
        }
    }

    @Test
    void aMessageEndingInsideACharacterCloses1007() throws Exception {
        // each fragment is a valid prefix, but the final one stops after the first byte of a 3-byte character
        byte[] message = bytes("{\"op\":\"ping\",\"id\":\"x\"}", new int[] {0xE2});
        try (RawWebSocket socket = open()) {
            sendFragmented(socket, message, 5);
            assertThat(closeCode(socket), is(1007));
        }
    }

    @Test
    void aBinaryMessageInFragmentsIsStillClosed1003NotCheckedAsText() throws Exception {
        byte[] notUtf8 = {(byte) 0xFF, (byte) 0xFE, 1, 2};
        try (RawWebSocket socket = open()) {
            socket.send(false, RawWebSocket.BINARY, notUtf8);
            socket.send(true, RawWebSocket.CONTINUATION, notUtf8);
            assertThat(closeCode(socket), is(1003));
        }
    }

    /** The code of the server's close frame (frames before it are skipped). */
    private static int closeCode(RawWebSocket socket) throws Exception {
        RawWebSocket.Frame frame;
        do {
            frame = socket.read();
        } while (frame.opcode() != RawWebSocket.CLOSE);
        return frame.closeCode();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no byte " + b);
    }
}
