package io.parley.gateway;

import io.parley.devstack.DevstackResource;
import io.parley.gateway.support.DoublesResource;
import io.parley.gateway.support.GatewayTest;
import io.parley.gateway.support.TestSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import static io.parley.gateway.support.TestSocket.d;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Every frame-level error path of PROTOCOL §3, and hostile input that leaves the socket and the service working. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@WithTestResource(DoublesResource.class)
class FrameErrorsTest extends GatewayTest {

    private static JsonObject errorWithNullId(TestSocket socket, int index) {
        return socket.awaitFrameFrom(index, f -> "error".equals(f.getString("op")) && f.getValue("id") == null);
    }

    private static void assertStillServes(TestSocket socket) {
        String id = UUID.randomUUID().toString();
        socket.send(new JsonObject().put("op", "ping").put("id", id));
        socket.awaitFrame(f -> "pong".equals(f.getString("op")) && id.equals(f.getString("id")));
    }

    @Test
    void invalidJsonIsBadFrameAndTheSocketStaysOpen() {
        TestSocket socket = connect(newId());
        int before = socket.frames.size();
        socket.sendText("{not json");
        JsonObject error = errorWithNullId(socket, before);
        assertThat(error.getJsonObject("d").getString("code"), is("BAD_FRAME"));
        assertStillServes(socket);
        socket.close();
    }

    @Test
    void frameWithoutOpIsBadFrame() {
        TestSocket socket = connect(newId());
        int before = socket.frames.size();
        socket.sendText("{\"id\":\"x\",\"d\":{}}");
        assertThat(errorWithNullId(socket, before).getJsonObject("d").getString("code"), is("BAD_FRAME"));
        socket.close();
    }

    @Test
    void frameWithOpButNoValidIdIsInvalid() {
        TestSocket socket = connect(newId());
        int before = socket.frames.size();
        socket.sendText("{\"op\":\"subscribe\",\"d\":{}}");
        assertThat(errorWithNullId(socket, before).getJsonObject("d").getString("code"), is("INVALID"));
        int next = socket.frames.size();
        socket.sendText("{\"op\":\"subscribe\",\"id\":\"" + "x".repeat(65) + "\",\"d\":{}}");
        assertThat(errorWithNullId(socket, next).getJsonObject("d").getString("code"), is("INVALID"));
        socket.close();
    }

    @Test
    void unknownOpIsUnknownOpWithTheFrameId() {
        TestSocket socket = connect(newId());
        JsonObject reply = socket.request("fly", d());
        assertThat(reply.getString("op"), is("error"));
        assertThat(reply.getJsonObject("d").getString("code"), is("UNKNOWN_OP"));
        socket.close();
    }

    @Test
    void wrongFieldTypesAreInvalid() {
        TestSocket socket = connect(newId());
        assertThat(code(socket.request("subscribe", d("channelId", 42))), is("INVALID"));
        assertThat(code(socket.request("subscribe", d("channelId", "not-a-uuid"))), is("INVALID"));
        assertThat(code(socket.request("send", d("channelId", newId(), "text", "", "clientMsgId", "c"))), is("INVALID"));
        assertThat(code(socket.request("send", d("channelId", newId(), "text", "x".repeat(4001), "clientMsgId", "c"))), is("INVALID"));
        assertThat(code(socket.request("react", d("channelId", newId(), "messageId", newId(), "emoji", "x", "add", "yes"))), is("INVALID"));
        assertThat(code(socket.request("read", d("channelId", newId(), "seq", -1))), is("INVALID"));
        assertThat(code(socket.request("presence.set", d("status", "sleeping"))), is("INVALID"));
        socket.send(new JsonObject().put("op", "send").put("id", "no-d"));
        assertThat(code(socket.reply("no-d")), is("INVALID"));
        socket.close();
    }

    @Test
    void pingWithIdGetsPongEchoingItAndPingWithoutIdGetsPlainPong() {
        TestSocket socket = connect(newId());
        assertStillServes(socket);
        int before = socket.frames.size();
        socket.sendText("{\"op\":\"ping\"}");
        JsonObject pong = socket.awaitFrameFrom(before, f -> "pong".equals(f.getString("op")));
        assertThat(pong.getValue("id"), nullValue());
        socket.close();
    }

    @Test
    void frameOverTheSizeLimitCloses1009() {
        TestSocket socket = connect(newId());
        socket.sendText("{\"op\":\"ping\",\"id\":\"big\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(socket.awaitClose(), is(1009));
    }

    @Test
    void binaryFrameCloses1003() {
        TestSocket socket = connect(newId());
        socket.sendBinary(new byte[] {1, 2, 3});
        assertThat(socket.awaitClose(), is(1003));
    }

    @Test
    void invalidUtf8Closes1007() {
        TestSocket socket = connect(newId());
        socket.sendRawText(new byte[] {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertThat(socket.awaitClose(), is(1007));
    }

    @Test
    void fuzzedFramesGetErrorsAndLeaveTheSocketAndServiceWorking() {
        TestSocket socket = connect(newId());
        TestSocket bystander = connect(newId());
        Random random = new Random(42);
        String[] hostile = {
            "[".repeat(5000) + "]".repeat(5000),
            "{\"op\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001),
            "{\"op\":\"read\",\"id\":\"n\",\"d\":{\"channelId\":\"" + UUID.randomUUID() + "\",\"seq\":1" + "0".repeat(400) + "}}",
            "{\"op\":\"read\",\"id\":\"m\",\"d\":{\"channelId\":\"" + UUID.randomUUID() + "\",\"seq\":1e999999}}",
            "{\"op\":\"subscribe\",\"id\":[1,2],\"d\":{}}",
            "{\"op\":123,\"id\":\"x\"}",
            "{\"op\":\"send\",\"id\":\"dup\",\"id\":\"dup2\"}",
            "{} {}",
            "null",
            "\"just a string\"",
            "{\"op\":\"presence.watch\",\"id\":\"w\",\"d\":{\"userIds\":\"everyone\"}}",
            "{\"op\":\"subscribe\",\"id\":\"s\",\"d\":[]}",
        };
        for (String frame : hostile) {
            socket.sendText(frame);
        }
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            // random printable noise: valid UTF-8 that is not a valid frame
            socket.sendText(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        assertStillServes(socket);
        assertStillServes(bystander);
        assertThat(socket.isClosed(), is(false));
        // every hostile frame got an error, none a success
        long errors = socket.frames.stream().filter(f -> "error".equals(f.getString("op"))).count();
        assertThat(errors >= hostile.length + 200L, is(true));
        socket.close();
        bystander.close();
    }

    private static String code(JsonObject reply) {
        assertThat(reply.getString("op"), is("error"));
        return reply.getJsonObject("d").getString("code");
    }
}
