package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.system.ParleyStack.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guarantee 6: a fuzzing client gets errors, never crashes a service, and never disturbs a client chatting. */
class BadInputTest {

    private final ParleyStack stack = ParleyStack.get();
    private final Rest rest = stack.rest();

    @Test
    void malformedFramesAndBodiesGetErrorsWhileAnotherClientChatsUndisturbed() throws Exception {
        TestUser fuzzer = stack.newUser("fuzzer");
        TestUser alice = stack.newUser("alice");
        TestUser bob = stack.newUser("bob");
        String channel = Chat.createChannel(rest, alice, "public");
        Chat.join(rest, bob, channel);

        try (WsClient aliceSocket = WsClient.connect(stack.port("gateway-a"), alice.token());
                WsClient bobSocket = WsClient.connect(stack.port("gateway-a"), bob.token())) {
            bobSocket.call("subscribe", Map.of("channelId", channel));
            CompletableFuture<Void> fuzzing = CompletableFuture.runAsync(() -> fuzz(fuzzer));
            for (int i = 0; i < 40; i++) {
                aliceSocket.call("send", Chat.message(channel, "normal " + i, UUID.randomUUID().toString()));
            }
            fuzzing.join();
            OrderAndRecoveryTest.awaitCount(bobSocket, channel, 40);
            assertTrue(bobSocket.frames().stream().noneMatch(f -> "error".equals(f.path("op").asText())),
                    "the chatting client saw no error");
            assertFalse(aliceSocket.isClosed());
        }
        for (String service : List.of("auth-service", "chat-service", "session-service", "media-service",
                "gateway-a", "gateway-b")) {
            assertTrue(stack.ready(service), service + " is still ready");
        }
    }

    private void fuzz(TestUser fuzzer) {
        Random random = new Random(42);
        try (WsClient socket = WsClient.connect(stack.port("gateway-a"), fuzzer.token())) {
            List<String> garbage = new ArrayList<>(List.of(
                    "not json", "{", "[]", "null", "42", "\"op\"", "{\"op\":null}", "{\"op\":\"send\"}",
                    "{\"op\":\"send\",\"id\":123456789012345678901234567890,\"d\":{}}",
                    "{\"op\":\"send\",\"id\":\"x\",\"d\":\"not an object\"}",
                    "{\"op\":\"send\",\"id\":\"y\",\"d\":{\"channelId\":[],\"text\":{},\"clientMsgId\":1e999}}",
                    "{\"op\":\"subscribe\",\"id\":\"z\",\"d\":{\"channelId\":\"../../etc\",\"sinceSeq\":-1e308}}",
                    "{\"op\":\"nope\",\"id\":\"u\",\"d\":{}}",
                    "{\"op\":\"send\",\"id\":\"" + "i".repeat(100) + "\",\"d\":{}}",
                    "[".repeat(5000) + "]".repeat(5000),
                    "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
            for (int i = 0; i < 30; i++) {
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                garbage.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            for (String frame : garbage) {
                socket.sendText(frame);
            }
            String probe = socket.send("ping", Map.of());
            socket.await(f -> "pong".equals(f.path("op").asText()) && probe.equals(f.path("id").asText()),
                    Duration.ofSeconds(20));
            long errors = socket.frames().stream().filter(f -> "error".equals(f.path("op").asText())).count();
            assertEquals(garbage.size(), errors, "every malformed frame is answered by exactly one error");
            JsonNode unknown = socket.frames().stream().filter(f -> "u".equals(f.path("id").asText())).findFirst()
                    .orElseThrow();
            assertEquals("UNKNOWN_OP", unknown.path("d").path("code").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // an oversized frame closes that socket with 1009, and a binary frame with 1003
        try (WsClient big = WsClient.connect(stack.port("gateway-a"), fuzzer.token())) {
            big.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, big.awaitClose(Duration.ofSeconds(20)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (WsClient binary = WsClient.connect(stack.port("gateway-a"), fuzzer.token())) {
            binary.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, binary.awaitClose(Duration.ofSeconds(20)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String body : List.of("{", "[]", "{\"name\":123,\"visibility\":[]}", "\u0000\u0001",
                "{\"name\":\"" + "n".repeat(10_000) + "\",\"visibility\":\"public\"}")) {
            Rest.Response answer = rest.postRaw("/api/channels", fuzzer.token(), body);
            assertEquals(400, answer.status(), body + " → " + answer.raw());
            assertEquals("INVALID", answer.code());
            assertFalse(answer.raw().contains("Exception") || answer.raw().contains("SQL"), answer.raw());
        }
    }
}
