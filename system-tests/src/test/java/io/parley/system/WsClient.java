package io.parley.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** A WebSocket client of the gateway built on the JDK's client (not Parley's classes): records every frame. */
final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong IDS = new AtomicLong();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final JsonNode hello;

    private WsClient(int port, String token) throws Exception {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(Rest.JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        frames.add(Rest.JSON.createObjectNode().put("unparsable", partial.toString()));
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
        socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener).get(20, TimeUnit.SECONDS);
        hello = await(f -> "hello".equals(f.path("op").asText()), Duration.ofSeconds(10));
    }

    static WsClient connect(int port, String token) throws Exception {
        return new WsClient(port, token);
    }

    /** The HTTP status of a WebSocket upgrade at the gateway on {@code port}: the refusal's, or 101 when it opened. */
    static int handshakeStatus(int port, String token) throws Exception {
        try {
            WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() { })
                    .get(20, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    JsonNode hello() {
        return hello;
    }

    /** Sends {op, id, d} and returns the id. */
    String send(String op, Object d) {
        String id = "r" + IDS.incrementAndGet();
        ObjectNode frame = Rest.JSON.createObjectNode().put("op", op).put("id", id);
        frame.set("d", Rest.JSON.valueToTree(d));
        sendText(frame.toString());
        return id;
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The ok or error answering request {@code id}. */
    JsonNode reply(String id) {
        return await(f -> id.equals(f.path("id").asText(null))
                && ("ok".equals(f.path("op").asText()) || "error".equals(f.path("op").asText())), Duration.ofSeconds(30));
    }

    /** Sends and waits for an ok, failing with the error when there is one. */
    JsonNode call(String op, Object d) {
        JsonNode reply = reply(send(op, d));
        if (!"ok".equals(reply.path("op").asText())) {
            throw new AssertionError(op + " " + d + " answered " + reply);
        }
        return reply.path("d");
    }

    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        try {
            return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        JsonNode found = find(match);
                        if (found == null && closed.isDone()) {
                            throw new AssertionError("socket closed (" + closed.join() + ") first");
                        }
                        return found;
                    }, f -> f != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching frame within " + timeout + "; last frames: " + tail());
        }
    }

    private JsonNode find(Predicate<JsonNode> match) {
        for (JsonNode frame : frames) {
            if (match.test(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** Channel events of one type for one channel, in arrival order. */
    List<JsonNode> events(String type, String channelId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : frames) {
            if ("event".equals(f.path("op").asText()) && type.equals(f.path("t").asText())
                    && channelId.equals(f.path("d").path("channelId").asText())) {
                out.add(f);
            }
        }
        return out;
    }

    List<JsonNode> frames() {
        return frames;
    }

    int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    void abort() {
        socket.abort();
        closed.complete(1006);
    }

    private String tail() {
        int size = frames.size();
        return frames.subList(Math.max(0, size - 5), size).toString();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
