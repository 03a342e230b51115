package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One client WebSocket speaking PROTOCOL §3: ready once {@code hello} arrives, requests matched to replies by id,
 * and bench payloads in events handed to a consumer without parsing the frame.
 */
public final class BenchSocket {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket ws;
    private final Map<String, Promise<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Promise<BenchSocket> hello = Promise.promise();
    private volatile BiConsumer<BenchPayload, Buffer> payloads = (payload, frame) -> { };
    private volatile Short closeStatus;

    private BenchSocket(WebSocket ws) {
        this.ws = ws;
    }

    /** A reply {@code error} to a request. */
    public static final class RequestFailed extends RuntimeException {
        private final String code;

        RequestFailed(String code, String message) {
            super(code + ": " + message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Opens a socket and completes once the server's {@code hello} arrived (that is the handshake a client waits
     * for). {@code token} null means no Authorization header (the baseline server has no auth).
     */
    public static Future<BenchSocket> connect(Vertx vertx, WebSocketClient client, URI wsUri, String token,
            long helloTimeoutMs) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(wsUri.getHost()).setPort(wsUri.getPort()).setURI(wsUri.getRawPath());
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        // handlers first, then connect: attached in a callback of the connect future they could miss the hello
        // when that future completed before the callback was registered (the socket is resumed by then)
        ClientWebSocket ws = client.webSocket();
        BenchSocket socket = new BenchSocket(ws);
        socket.wire();
        return ws.connect(options).compose(connected -> {
            long timer = vertx.setTimer(helloTimeoutMs, id -> {
                if (socket.hello.tryFail("no hello within " + helloTimeoutMs + " ms")) {
                    ws.close();
                }
            });
            return socket.hello.future().onComplete(done -> vertx.cancelTimer(timer));
        });
    }

    private void wire() {
        ws.handler(this::onFrame);
        ws.exceptionHandler(error -> { });
        ws.closeHandler(closed -> {
            closeStatus = ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode();
            hello.tryFail("closed " + closeStatus + " before hello");
            pending.values().forEach(p -> p.tryFail(new RequestFailed("CLOSED", "socket closed " + closeStatus)));
            pending.clear();
        });
    }

    private void onFrame(Buffer data) {
        // the hot path: deliveries are recognised by their payload in the raw bytes, never decoded nor parsed
        BenchPayload payload = BenchPayload.find(data);
        if (payload != null) {
            payloads.accept(payload, data);
            return;
        }
        JsonNode frame;
        try {
            frame = JSON.readTree(data.getBytes());
        } catch (Exception e) {
            return;
        }
        String op = frame.path("op").asText();
        if (op.equals("hello")) {
            hello.tryComplete(this);
            return;
        }
        String id = frame.path("id").asText(null);
        Promise<JsonNode> reply = id == null ? null : pending.remove(id);
        if (reply == null) {
            return;
        }
        if (op.equals("ok")) {
            reply.tryComplete(frame.path("d"));
        } else {
            reply.tryFail(new RequestFailed(frame.path("d").path("code").asText("ERROR"),
                    frame.path("d").path("message").asText("")));
        }
    }

    /** Sends {@code {"op":op,"id":..,"d":dJson}}; {@code dJson} must already be a JSON object. */
    public Future<JsonNode> request(String op, String dJson) {
        String id = Long.toString(nextId.incrementAndGet(), 36);
        Promise<JsonNode> reply = Promise.promise();
        pending.put(id, reply);
        ws.writeTextMessage("{\"op\":\"" + op + "\",\"id\":\"" + id + "\",\"d\":" + dJson + "}")
                .onFailure(error -> {
                    if (pending.remove(id) != null) {
                        reply.tryFail(new RequestFailed("WRITE", String.valueOf(error.getMessage())));
                    }
                });
        return reply.future();
    }

    public Future<JsonNode> subscribe(String channelId) {
        return request("subscribe", "{\"channelId\":\"" + channelId + "\"}");
    }

    public Future<JsonNode> send(String channelId, String text, String clientMsgId) {
        return request("send", "{\"channelId\":\"" + channelId + "\",\"text\":\"" + text + "\",\"clientMsgId\":\""
                + clientMsgId + "\"}");
    }

    /** Where bench payloads in this socket's events go (called on the socket's event loop). */
    public void onPayload(Consumer<BenchPayload> consumer) {
        payloads = (payload, frame) -> consumer.accept(payload);
    }

    /** The same, with the raw frame, for the rare reader that wants more of it (e.g. {@link CommitTime}). */
    public void onDelivery(BiConsumer<BenchPayload, Buffer> consumer) {
        payloads = consumer;
    }

    /** Liveness: the gateway closes a socket silent for 2 × heartbeatMs. */
    public void ping() {
        if (closeStatus == null) {
            ws.writeTextMessage("{\"op\":\"ping\"}");
        }
    }

    public boolean isOpen() {
        return closeStatus == null;
    }

    public Short closeStatus() {
        return closeStatus;
    }

    public Future<Void> close() {
        return closeStatus == null ? ws.close() : Future.succeededFuture();
    }
}
